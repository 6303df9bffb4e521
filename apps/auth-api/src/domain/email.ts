/** The one spelling of an email that is stored, compared and rate-limited: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
