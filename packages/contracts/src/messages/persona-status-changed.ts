import { type Static, Type } from 'typebox';

import { StringEnum } from '../http/text.js';
import { defineEvent } from './message-contract.js';

/** A queued persona finished generating: feedback sessions waiting on it dispatch or fail their pairs. */
export const PersonaStatusChangedSchema = Type.Object({
  personaId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  status: StringEnum(['ACTIVE', 'FAILED']),
  failureReason: Type.Optional(Type.String({ maxLength: 2000 })),
  occurredAt: Type.String({ format: 'date-time' }),
});
export type PersonaStatusChangedMessage = Static<typeof PersonaStatusChangedSchema>;

export const PersonaStatusChanged = defineEvent({
  name: 'PersonaStatusChanged',
  version: 1,
  exchange: 'persona.events',
  routingKey: 'persona.status.changed',
  schema: PersonaStatusChangedSchema,
});
