// How numbers read in the console, in one place.
import type { Interval, SegmentDimension } from '@persona-lab/contracts';

/** How a segment dimension is named in tables: a study's segments and a question's. */
export const SEGMENT_NAMES: Record<SegmentDimension, string> = {
  gender: 'Gender',
  ageGroup: 'Age group',
  country: 'Country',
  incomeLevel: 'Income',
};

export const formatIntent = (value: number | null): string => (value === null ? '—' : value.toFixed(1));

export const formatPercent = (value: number | null): string => (value === null ? '—' : `${Math.round(value)} %`);

/**
 * "6.4–7.1 (95 % interval)" for an interval of a mean, "25–50 % (95 % interval)" for a share: the
 * feedback-service states shares (likely buyers, SSR top two boxes) in percent, as the CLI shows them.
 */
export function formatInterval(interval: Interval | null, kind: 'mean' | 'percent' = 'mean'): string | null {
  if (!interval) return null;
  const bounds =
    kind === 'percent'
      ? `${Math.round(interval.lower)}–${Math.round(interval.upper)} %`
      : `${interval.lower.toFixed(1)}–${interval.upper.toFixed(1)}`;
  return `${bounds} (${Math.round(interval.confidence * 100)} % interval)`;
}

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatPrice(price: string, currency: string | undefined): string {
  return currency ? `${price} ${currency}` : price;
}
