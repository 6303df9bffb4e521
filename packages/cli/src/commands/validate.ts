// `persona-lab validate gazpacho`: the validity harness. Builds one persona per respondent of
// TinyTroupe's bottled-gazpacho survey, asks the panel about the concept and a clearly worse
// negative control in one session, and compares the panel's answers with the humans'.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Persona, Product } from '@persona-lab/contracts';

import type { CommandContext } from '../context.js';
import { CliError, ExitCode, ProblemError } from '../errors.js';
import { createProgressPrinter } from '../render/progress.js';
import { findingsOf, type Panel } from '../validity/findings.js';
import { GAZPACHO_CONCEPT, GAZPACHO_NEGATIVE_CONTROL, personaRequestFor } from '../validity/gazpacho-study.js';
import { loadGazpachoSurvey, type Respondent } from '../validity/gazpacho-survey.js';
import { harnessSummary, renderHarnessReport } from '../validity/report.js';
import { assertCompleted, runSession } from './run-session.js';

export interface ValidateFlags {
  outDir: string;
  /** Persona generations under way at once. */
  concurrency: number;
}

export const MAX_CONCURRENCY = 10;

/** A generation the gateway could not complete (502) is tried once more; anything else stops the run. */
async function generateOne(ctx: CommandContext, respondent: Respondent): Promise<Persona | string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await ctx.auth.run((token) => ctx.personas.generate(token, personaRequestFor(respondent)));
      const persona = response.personas.find((p) => p.status === 'ACTIVE');
      return persona ?? response.failures[0]?.reason ?? 'the persona-service returned no persona';
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== 502) throw error;
      if (attempt === 2) return error.message;
    }
  }
}

/** One persona per respondent, `concurrency` at a time, with a progress line. */
export async function generatePanel(ctx: CommandContext, respondents: readonly Respondent[], concurrency: number): Promise<Panel> {
  const panel: Panel = { respondentOf: new Map(), failures: [] };
  const printer = createProgressPrinter(ctx.io.stderr);
  const show = () =>
    printer.update(
      `Personas: ${panel.respondentOf.size + panel.failures.length}/${respondents.length} done` +
        (panel.failures.length ? `, ${panel.failures.length} failed` : ''),
    );
  show();
  let next = 0;
  // After an error that stops the run (quota, sign-in, a service down), no worker starts another generation.
  let stopped = false;
  const worker = async () => {
    while (next < respondents.length && !stopped) {
      const respondent = respondents[next++]!;
      try {
        const outcome = await generateOne(ctx, respondent);
        if (typeof outcome === 'string') panel.failures.push({ respondent: respondent.id, reason: outcome });
        else panel.respondentOf.set(outcome.id, respondent);
      } catch (error) {
        stopped = true;
        throw error;
      }
      show();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, respondents.length) }, worker));
  } finally {
    printer.done();
  }
  panel.failures.sort((a, b) => a.respondent - b.respondent);
  return panel;
}

async function createProducts(ctx: CommandContext): Promise<{ concept: Product; control: Product }> {
  const concept = await ctx.auth.run((token) => ctx.products.create(token, GAZPACHO_CONCEPT));
  const control = await ctx.auth.run((token) => ctx.products.create(token, GAZPACHO_NEGATIVE_CONTROL));
  ctx.note(`Created the concept "${concept.name}" (${concept.id}) and the negative control "${control.name}" (${control.id})`);
  return { concept, control };
}

export async function validateGazpacho(ctx: CommandContext, flags: ValidateFlags): Promise<void> {
  if (flags.concurrency < 1 || flags.concurrency > MAX_CONCURRENCY) {
    throw new CliError(`--concurrency must be 1–${MAX_CONCURRENCY}`, ExitCode.userError);
  }
  const respondents = await loadGazpachoSurvey();
  await ctx.auth.token();
  ctx.note(`Survey: ${respondents.length} respondents; generating one persona for each`);
  const panel = await generatePanel(ctx, respondents, flags.concurrency);
  if (panel.respondentOf.size === 0) {
    throw new CliError(
      `No persona could be generated (first reason: ${panel.failures[0]?.reason ?? 'none given'})`,
      ExitCode.serviceUnavailable,
    );
  }
  const products = await createProducts(ctx);
  const session = await runSession(ctx, {
    productIds: [products.concept.id, products.control.id],
    personaIds: [...panel.respondentOf.keys()],
    language: 'en',
  });
  assertCompleted(session);

  const results = [];
  for await (const result of ctx.feedback.results(ctx.auth.run, session.id)) results.push(result);
  const findings = findingsOf(session, results, respondents, panel, products);
  const dir = path.resolve(ctx.io.cwd, flags.outDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `gazpacho-${session.id}.md`);
  await writeFile(file, renderHarnessReport(findings));
  const relative = path.relative(ctx.io.cwd, file);
  ctx.print();
  for (const line of harnessSummary(findings, relative.startsWith('..') || path.isAbsolute(relative) ? file : relative)) ctx.print(line);
}
