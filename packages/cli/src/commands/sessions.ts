// `persona-lab sessions show <id>` (state, progress and, once finished, insights), `sessions cancel <id>`
// and `sessions replay <id>`.
import type { FeedbackSession } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { renderUsage } from '../render/cost.js';
import { renderInsights } from '../render/insights.js';
import { progressLine } from '../render/progress.js';
import { assertCompleted, runReplay } from './run-session.js';

export function sessionHeader(session: FeedbackSession): string[] {
  const lines = [
    `Session ${session.id}: ${session.status}`,
    `Products: ${session.products.map((p) => p.name).join(', ')}`,
    `Language: ${session.language}`,
    ...(session.seed !== undefined ? [`Seed: ${session.seed}${session.replayOf ? ` (a replay of ${session.replayOf})` : ''}`] : []),
    `Started: ${session.createdAt}${session.completedAt ? `, finished: ${session.completedAt}` : ''}`,
    `Progress: ${progressLine(session.status, session.progress)}`,
  ];
  if (session.failureReason) lines.push(`Reason: ${session.failureReason}`);
  lines.push(...renderUsage(session));
  return lines;
}

export async function showSession(ctx: CommandContext, id: string): Promise<void> {
  const session = await ctx.auth.run((token) => ctx.feedback.get(token, id));
  for (const line of sessionHeader(session)) ctx.print(line);
  if (session.insights) {
    ctx.print();
    for (const line of renderInsights(session)) ctx.print(line);
  }
}

export async function cancelSession(ctx: CommandContext, id: string): Promise<void> {
  const session = await ctx.auth.run((token) => ctx.feedback.cancel(token, id));
  for (const line of sessionHeader(session)) ctx.print(line);
}

/** Runs the study again as it was; unchanged answers come from the gateway's cache at no cost. */
export async function replaySession(ctx: CommandContext, id: string): Promise<void> {
  const session = await runReplay(ctx, id);
  assertCompleted(session);
  for (const line of sessionHeader(session)) ctx.print(line);
  ctx.print();
  for (const line of renderInsights(session)) ctx.print(line);
}
