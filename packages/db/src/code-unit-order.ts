/**
 * Orders strings by their UTF-16 code units, as `<` compares them: the same order on every machine and
 * locale (unlike `localeCompare`), which is what a lock order or a stable listing needs.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
