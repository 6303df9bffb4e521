// The web app's two budgets, measured (not a timed test): the console's initial JavaScript
// (≤ 250 KB gzipped: the entry script and what it preloads, not the chart loaded later), and what
// the proxy adds to GET /api/products against calling product-api directly (≤ 2 ms at p50), both
// measured side by side in one run, alternating, one request at a time.
// Run: pnpm --filter @persona-lab/web budget  (builds the console first; needs PostgreSQL)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { createPrismaClient } from '@persona-lab/db';
import { createTestDatabase, signIn, startServiceProcess, testEnv } from '@persona-lab/testing';

const CONSOLE_DIR = fileURLToPath(new URL('../dist/console/', import.meta.url));
const JS_BUDGET_BYTES = 250 * 1024;
const PROXY_BUDGET_MS = 2;
const ROUNDS = Number(process.env.BUDGET_ROUNDS ?? 1000);

async function initialJavaScript(): Promise<{ files: string[]; gzipped: number }> {
  const html = await readFile(path.join(CONSOLE_DIR, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  let gzipped = 0;
  for (const file of files) gzipped += gzipSync(await readFile(path.join(CONSOLE_DIR, file))).length;
  return { files, gzipped };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]!;

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function proxyOverhead() {
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  const env = testEnv({ LOG_LEVEL: 'warn', DATABASE_URL: db.url });
  const products = await startServiceProcess('product-api', env);
  const web = await startServiceProcess('web', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    COOKIE_SECRET: 'budget-cookie-secret-that-is-at-least-32-characters',
    PRODUCT_API_URL: products.url,
  });
  try {
    const user = await signIn(prisma);
    for (let i = 0; i < 20; i += 1) {
      await prisma.product.create({
        data: { ownerId: user.userId, name: `Product ${i}`, description: 'A product.', price: '9.99', category: 'Things', keyFeatures: [] },
      });
    }
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      await timed(`${products.url}/products`, user.headers);
      await timed(`${web.url}/api/products`, user.headers);
    }
    for (let i = 0; i < ROUNDS; i += 1) {
      direct.push(await timed(`${products.url}/products`, user.headers));
      proxied.push(await timed(`${web.url}/api/products`, user.headers));
    }
    return {
      direct: percentile(direct, 0.5),
      proxied: percentile(proxied, 0.5),
      directP99: percentile(direct, 0.99),
      proxiedP99: percentile(proxied, 0.99),
    };
  } finally {
    await prisma.$disconnect();
    await Promise.allSettled([web.stop(), products.stop()]);
    await db.drop();
  }
}

const js = await initialJavaScript();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`initial JavaScript: ${kb(js.gzipped)} gzipped (${js.files.join(', ')}); budget ${kb(JS_BUDGET_BYTES)}`);
const proxy = await proxyOverhead();
const added = proxy.proxied - proxy.direct;
console.log(
  `GET /products p50: direct ${proxy.direct.toFixed(2)} ms, through the web app ${proxy.proxied.toFixed(2)} ms → +${added.toFixed(2)} ms ` +
    `(p99 ${proxy.directP99.toFixed(2)} vs ${proxy.proxiedP99.toFixed(2)} ms, ${ROUNDS} rounds); budget +${PROXY_BUDGET_MS} ms`,
);
const met = js.gzipped <= JS_BUDGET_BYTES && added <= PROXY_BUDGET_MS;
console.log(met ? 'budgets: met' : 'budgets: NOT met');
process.exit(met ? 0 : 1);
