import { Type, type Static } from 'typebox';

export const Credentials = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 8, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type Credentials = Static<typeof Credentials>;

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
