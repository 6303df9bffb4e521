// What a benchmark run may be told through the environment, so a quick run and a careful one use the same script.
export function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return value;
}

export interface BenchSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  loginConnections: number;
  rounds: number;
  /** Measure POST /auth/login too (BENCH_LOGIN=false skips it, for quick GET /products comparisons). */
  login: boolean;
}

export function readSettings(): BenchSettings {
  return {
    durationSeconds: positiveInteger('BENCH_DURATION_SECONDS', 10),
    warmupSeconds: positiveInteger('BENCH_WARMUP_SECONDS', 3),
    connections: positiveInteger('BENCH_CONNECTIONS', 32),
    loginConnections: positiveInteger('BENCH_LOGIN_CONNECTIONS', 8),
    rounds: positiveInteger('BENCH_ROUNDS', 3),
    login: process.env.BENCH_LOGIN !== 'false',
  };
}
