// The web app's browser session (apps/web): the console signs in through it, and the access token
// stays in an httpOnly cookie the page's scripts never see.
import { type Static, Type } from 'typebox';

import { Me } from './auth.js';
import { Nullable } from './text.js';

/** The header a browser request carries the CSRF token in; state-changing requests need it with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

export const ConsoleSession = Type.Object({
  user: Nullable(Me),
  csrfToken: Type.String({ description: `Send it as ${CSRF_HEADER} on every state-changing request` }),
});
export type ConsoleSession = Static<typeof ConsoleSession>;
