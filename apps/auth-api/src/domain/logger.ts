/** The part of a pino logger the domain writes to; routes pass the request's child logger. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
