// How numbers read in the console, in one place.
import type { Interval } from '@persona-lab/contracts';

export const formatIntent = (value: number | null): string => (value === null ? '—' : value.toFixed(1));

export const formatPercent = (value: number | null): string => (value === null ? '—' : `${Math.round(value)} %`);

/** "6.4–7.1 (95 %)" for an interval of a mean; shares (0..1) are shown in percent. */
export function formatInterval(interval: Interval | null, kind: 'mean' | 'share' = 'mean'): string | null {
  if (!interval) return null;
  const show = (v: number) => (kind === 'share' ? `${Math.round(v * 100)} %` : v.toFixed(1));
  return `${show(interval.lower)}–${show(interval.upper)} (${Math.round(interval.confidence * 100)} % interval)`;
}

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatPrice(price: string, currency: string | undefined): string {
  return currency ? `${price} ${currency}` : price;
}
