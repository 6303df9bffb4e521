// `persona-lab research`: products in, a finished feedback session out, with live progress, the
// insights per product, and the Markdown report and CSV export written to files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { FeedbackSession, ProductInput } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { hasProductFlags, type ProductFlags, productFromFlags, productsFromFile } from '../input/products.js';
import { type PanelFlags, sessionRequestFromFlags } from '../input/session-request.js';
import { renderInsights } from '../render/insights.js';
import { assertCompleted, runSession } from './run-session.js';

export interface ResearchFlags extends ProductFlags, PanelFlags {
  productFile?: string;
  outDir: string;
}

export const DEFAULT_OUT_DIR = 'persona-lab-results';

/** Everything the flags ask for, checked before the first request. */
async function planFrom(ctx: CommandContext, flags: ResearchFlags) {
  const newProducts: ProductInput[] = [];
  if (hasProductFlags(flags)) newProducts.push(productFromFlags(flags));
  if (flags.productFile) newProducts.push(...(await productsFromFile(flags.productFile, ctx.io.cwd)));
  const request = sessionRequestFromFlags(flags, newProducts.length);
  return { newProducts, existingIds: flags.productId ?? [], request };
}

async function productIdsOf(ctx: CommandContext, plan: Awaited<ReturnType<typeof planFrom>>): Promise<string[]> {
  const ids: string[] = [];
  for (const id of plan.existingIds) {
    const product = await ctx.auth.run((token) => ctx.products.get(token, id));
    ctx.note(`Using product "${product.name}" (${product.id})`);
    ids.push(product.id);
  }
  for (const input of plan.newProducts) {
    const product = await ctx.auth.run((token) => ctx.products.create(token, input));
    ctx.note(`Created product "${product.name}" (${product.id})`);
    ids.push(product.id);
  }
  return ids;
}

async function writeExports(ctx: CommandContext, session: FeedbackSession, outDir: string) {
  const dir = path.resolve(ctx.io.cwd, outDir);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of ['md', 'csv'] as const) {
    const text = await ctx.auth.run((token) => ctx.feedback.export(token, session.id, format));
    const file = path.join(dir, `${session.id}.${format}`);
    await writeFile(file, text);
    const relative = path.relative(ctx.io.cwd, file);
    written.push(relative.startsWith('..') || path.isAbsolute(relative) ? file : relative);
  }
  return { report: written[0]!, csv: written[1]! };
}

export async function research(ctx: CommandContext, flags: ResearchFlags): Promise<void> {
  const plan = await planFrom(ctx, flags);
  await ctx.auth.token();
  const productIds = await productIdsOf(ctx, plan);
  const session = await runSession(ctx, { productIds, ...plan.request });
  assertCompleted(session);
  ctx.print();
  for (const line of renderInsights(session)) ctx.print(line);
  const files = await writeExports(ctx, session, flags.outDir);
  ctx.print();
  ctx.print(`Report: ${files.report}`);
  ctx.print(`CSV:    ${files.csv}`);
}
