// `persona-lab research`: products in, a finished feedback session out, with live progress, the
// insights per product, and the Markdown report and CSV export written to files.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';

import { costRangeText, type FeedbackSession, type FeedbackSessionEstimate, type ProductInput } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';
import { hasProductFlags, type ProductFlags, productFromFlags, productsFromFile } from '../input/products.js';
import { type PanelFlags, sessionRequestFromFlags } from '../input/session-request.js';
import { renderEstimate, renderUsage } from '../render/cost.js';
import { renderInsights } from '../render/insights.js';
import { assertCompleted, runSession } from './run-session.js';

export interface ResearchFlags extends ProductFlags, PanelFlags {
  productFile?: string;
  outDir: string;
  /** The session's budget in USD. */
  maxCost?: number;
  /** Start without asking, whatever the estimate. */
  yes?: boolean;
  /** Ask before starting when the estimate may cost more (USD); PERSONA_LAB_CONFIRM_ABOVE_USD, else 1. */
  confirmAbove?: number;
}

export const DEFAULT_OUT_DIR = 'persona-lab-results';
export const DEFAULT_CONFIRM_ABOVE_USD = 1;

/** The amount above which a start is confirmed first: the flag, the environment, or $1. */
export function confirmThreshold(ctx: CommandContext, flags: Pick<ResearchFlags, 'confirmAbove'>): number {
  if (flags.confirmAbove !== undefined) return flags.confirmAbove;
  const fromEnv = ctx.io.env.PERSONA_LAB_CONFIRM_ABOVE_USD;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_CONFIRM_ABOVE_USD;
  const value = Number(fromEnv);
  if (!Number.isFinite(value) || value < 0)
    throw new UserError(`PERSONA_LAB_CONFIRM_ABOVE_USD must be an amount in USD (got "${fromEnv}")`);
  return value;
}

/** Why a start must be confirmed first (it may cost more than `threshold`, or its cost is unknown), or null. */
export function confirmationReason(estimate: FeedbackSessionEstimate, threshold: number): string | null {
  const max = estimate.total.costUsd.max;
  if (max === null) return 'its cost is unknown (the gateway has no price for a model)';
  return max > threshold ? `it may cost up to ${costRangeText({ min: max, max })}, above $${threshold}` : null;
}

/**
 * Shows the estimate and, when it may cost more than the threshold (or its cost is unknown), asks
 * before starting; --yes skips the question, and without a terminal to ask on the start is refused.
 */
async function confirmEstimate(ctx: CommandContext, estimate: FeedbackSessionEstimate, flags: ResearchFlags): Promise<void> {
  for (const line of renderEstimate(estimate)) ctx.note(line);
  const why = confirmationReason(estimate, confirmThreshold(ctx, flags));
  if (flags.yes || why === null) return;
  const stdin = ctx.io.stdin as (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  if (!stdin?.isTTY) {
    throw new UserError(`Not started: ${why}. Run again with --yes to start it, or raise --confirm-above.`);
  }
  const prompt = createInterface({ input: stdin, output: ctx.io.stderr as NodeJS.WritableStream });
  try {
    const answer = await prompt.question(`Start this study? ${why[0]!.toUpperCase()}${why.slice(1)}. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('Not started.');
  } finally {
    prompt.close();
  }
}

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
    const file = path.join(dir, `${session.id}.${format}`);
    await ctx.auth.run((token) => ctx.feedback.exportTo(token, session.id, format, file));
    const relative = path.relative(ctx.io.cwd, file);
    written.push(relative.startsWith('..') || path.isAbsolute(relative) ? file : relative);
  }
  return { report: written[0]!, csv: written[1]! };
}

export async function research(ctx: CommandContext, flags: ResearchFlags): Promise<void> {
  const plan = await planFrom(ctx, flags);
  await ctx.auth.token();
  const productIds = await productIdsOf(ctx, plan);
  const request = { productIds, ...plan.request, ...(flags.maxCost !== undefined ? { maxCostUsd: flags.maxCost } : {}) };
  const estimate = await ctx.auth.run((token) => ctx.feedback.estimate(token, request));
  await confirmEstimate(ctx, estimate, flags);
  const session = await runSession(ctx, request);
  assertCompleted(session);
  ctx.print();
  for (const line of renderInsights(session)) ctx.print(line);
  ctx.print();
  for (const line of renderUsage(session)) ctx.print(line);
  const files = await writeExports(ctx, session, flags.outDir);
  ctx.print();
  ctx.print(`Report: ${files.report}`);
  ctx.print(`CSV:    ${files.csv}`);
}
