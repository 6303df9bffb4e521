// Numbers as the reports print them: intervals, percentages, signed differences and p-values.
import type { Interval } from '@persona-lab/contracts';

/** 2 decimals, or a dash for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

/** A share already in percent, whole: `48 %`. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value)} %`;
}

/** A share of 0..1 in percent, whole: `0.48` → `48 %`. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatPercent(value * 100);
}

/** `+0.25`, `−1.10`, `0.00`: the sign always shown, with a true minus. */
export function formatSigned(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** The bounds of an interval: `5.75–7.25`, or `40–55 %` for one in percent. */
export function formatBounds(interval: Interval | null | undefined, unit: 'number' | 'percent' = 'number', digits = 2): string {
  if (!interval) return '–';
  if (unit === 'percent') return `${Math.round(interval.lower)}–${Math.round(interval.upper)} %`;
  return `${interval.lower.toFixed(digits)}–${interval.upper.toFixed(digits)}`;
}

/** A signed interval, where a dash between bounds would read as a minus: `−0.50 to +2.75`. */
export function formatSignedBounds(interval: Pick<Interval, 'lower' | 'upper'>, digits = 2): string {
  return `${formatSigned(interval.lower, digits)} to ${formatSigned(interval.upper, digits)}`;
}

/** `p = 0.031`, or `p < 0.001`. */
export function formatPValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}
