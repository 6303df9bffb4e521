// A service's Prometheus metrics as a benchmark reads them: the text of its /metrics (read without a
// token, as the benchmarks start the services), and a value picked out of it. Reading /metrics also
// resets prom-client's event-loop delay histogram (lib/event-loop-delay.ts reads it span by span).

/** The text of the service's /metrics. */
export async function readMetrics(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  return response.text();
}

/**
 * The metric `name` summed over its label sets whose labels contain `labelFilter` (every label set
 * when it is empty); undefined when no line matches (a counter nothing has counted yet has none).
 */
export function metricValue(metrics: string, name: string, labelFilter = ''): number | undefined {
  let total: number | undefined;
  for (const [, labels = '', value] of metrics.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
    if (labels.includes(labelFilter)) total = (total ?? 0) + Number(value);
  }
  return total;
}
