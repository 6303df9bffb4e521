// Formatting shared by the pipeline benchmarks.
import type { SessionRun } from './session-run.js';

export const ms = (value: number) => `${Math.round(value)} ms`;
export const perSecond = (results: number, wallMs: number) => results / (wallMs / 1_000);

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
