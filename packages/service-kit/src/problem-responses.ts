// The problem+json part of a route's response schema, written once instead of in every routes file.
import { Type } from 'typebox';

const ProblemRef = Type.Ref('ProblemDetails');

/**
 * The problem+json responses of a route schema for the given statuses, each a reference to the
 * ProblemDetails schema that `createApp` registers:
 * `response: { 200: Product, ...problemResponses(400, 401, 404) }`.
 */
export function problemResponses<const Status extends number>(...statuses: Status[]): Record<Status, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef])) as Record<Status, typeof ProblemRef>;
}
