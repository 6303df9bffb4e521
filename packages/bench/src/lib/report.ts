// Formatting shared by the pipeline benchmarks.
import type { SessionRun } from './session-run.js';

export const ms = (value: number) => `${Math.round(value)} ms`;
export const perSecond = (results: number, wallMs: number) => results / (wallMs / 1_000);

/**
 * A ratio against its target, and whether it is met. Three decimals: on these machines several ratios
 * sit at their target, where two printed 1.1011 as 1.10 and 0.497 as 0.50, each beside "NOT met".
 */
export function ratioAgainst(ratio: number, target: { atMost: number } | { atLeast: number }): string {
  const [sign, bound, met] =
    'atMost' in target ? ['<=', target.atMost, ratio <= target.atMost] : ['>=', target.atLeast, ratio >= target.atLeast];
  return `${ratio.toFixed(3)} (target ${sign} ${bound}: ${met ? 'met' : 'NOT met'})`;
}

/** The phases of a session as the provider saw them, so a gap shows where the time went. */
export function describePhases(run: SessionRun): string[] {
  const { feedback, themes } = run.probe;
  const endMs = run.startedAtMs + run.wallMs;
  return [
    `POST sent → first feedback call at the provider:   ${ms(feedback.firstStartMs - run.startedAtMs)}`,
    `feedback calls (first in → last answered):         ${ms(feedback.lastEndMs - feedback.firstStartMs)} for ${feedback.calls} calls`,
    `last feedback answer → first theme call:           ${ms(themes.firstStartMs - feedback.lastEndMs)}`,
    `theme calls (first in → last answered):            ${ms(themes.lastEndMs - themes.firstStartMs)} for ${themes.calls} calls`,
    `last theme answer → COMPLETED on the SSE stream:   ${ms(endMs - themes.lastEndMs)}`,
  ];
}

/** Aggregation time as the provider saw it: the theme calls from the first one in to the last one answered. */
export const aggregationMs = (run: SessionRun) => run.probe.themes.lastEndMs - run.probe.themes.firstStartMs;
