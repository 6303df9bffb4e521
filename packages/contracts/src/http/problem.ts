import { type Static, Type } from 'typebox';

/** RFC 9457 problem details, as every service answers an error. */
export const ProblemDetails = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code, e.g. VALIDATION_FAILED' }),
    instance: Type.String({ description: 'The request id' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({
            description: 'The request part, then a JSON pointer into it: body/demographics/minAge, body/keyFeatures/1, params/id',
          }),
          message: Type.String(),
        }),
        { description: 'Each invalid field, for VALIDATION_FAILED' },
      ),
    ),
    limit: Type.Optional(Type.String({ description: 'The limit that was reached, for QUOTA_EXCEEDED (e.g. running-sessions)' })),
  },
  { $id: 'ProblemDetails' },
);
export type ProblemDetails = Static<typeof ProblemDetails>;
