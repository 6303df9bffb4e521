import { type Static, Type } from 'typebox';

const Email = Type.String({
  format: 'email',
  minLength: 3,
  maxLength: 254,
  description: 'Trimmed and lower-cased by the server before validation; unique in that form',
});

/** Registration: the password policy applies here. */
export const Credentials = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 8, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type Credentials = Static<typeof Credentials>;

/**
 * Login: any non-empty password up to the same bound (which caps hashing work), so an account made
 * under an older policy can still sign in and a short guess is a wrong password, not a 400.
 */
export const LoginCredentials = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type LoginCredentials = Static<typeof LoginCredentials>;

export const AuthToken = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the token expires' }),
});
export type AuthToken = Static<typeof AuthToken>;

export const Me = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  email: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Me = Static<typeof Me>;
