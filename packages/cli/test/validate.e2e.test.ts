// The validity harness end to end: every service a child process, the offline AI provider. Each
// figure of the report is recomputed here with @persona-lab/statistics from the results stored for
// the session, so the test holds no number of its own.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  answerDistribution,
  bootstrapMean,
  bootstrapPairedMeanDifference,
  compareOrdinalDistributions,
  compareOrdinalSamples,
  distributionSd,
  expectedRating,
  type Interval,
  LIKERT_5,
  meanPmf,
  sampleSd,
  topTwoBox,
} from '@persona-lab/statistics';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { formatSigned, formatSignedBounds } from '../src/render/format.js';
import { GAZPACHO_CONCEPT, GAZPACHO_NEGATIVE_CONTROL } from '../src/validity/gazpacho-study.js';
import { loadGazpachoSurvey } from '../src/validity/gazpacho-survey.js';
import { type Platform, startPlatform } from './platform.js';
import { runCli } from './run-cli.js';

let platform: Platform;
let workDir: string;

beforeAll(async () => {
  platform = await startPlatform();
  workDir = await mkdtemp(path.join(tmpdir(), 'persona-lab-validate-'));
});

afterAll(async () => {
  await platform?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The documented options of every interval of the harness. */
const BOOTSTRAP = { seed: 20250719, resamples: 2000 };

const two = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const mean = (i: Interval) => `${two(i.estimate)} (${two(i.lower)}–${two(i.upper)})`;
const signed = (i: Interval) => `${formatSigned(i.estimate)} (${formatSignedBounds(i)})`;
const share = (i: Interval) => `${(i.estimate * 100).toFixed(1)} % (${(i.lower * 100).toFixed(1)}–${(i.upper * 100).toFixed(1)} %)`;
const points = (i: Interval) =>
  `${formatSigned(i.estimate * 100, 1)} pt (${formatSigned(i.lower * 100, 1)} to ${formatSigned(i.upper * 100, 1)})`;
const percent = (p: number) => `${(p * 100).toFixed(1)} %`;
const topTwo = (rating: number) => (rating >= 4 ? 1 : 0);

/** The rows of the first Markdown table after `heading`, each as its cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}" in:\n${markdown}`);
  const first = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  return lines.slice(first + 2, end < 0 ? undefined : end).map((line) => line.slice(2, -2).split(' | '));
}

test('replicates the gazpacho survey on the offline provider and reports what the stored results give', async () => {
  const env = { ...platform.cliEnv, XDG_CONFIG_HOME: path.join(workDir, 'config') };
  const email = `${randomUUID()}@example.com`;

  const run = await runCli(
    ['validate', 'gazpacho', '--register', '--email', email, '--password', 'correct horse battery', '--out-dir', 'out'],
    { env, cwd: workDir },
  );

  expect(run.code, run.stderr).toBe(0);
  const sessionId = /Session ([0-9a-f-]{36}) started/.exec(run.stderr)?.[1];
  if (!sessionId) throw new Error(`no session id in:\n${run.stderr}`);
  const reportFile = path.join('out', `gazpacho-${sessionId}.md`);
  expect(run.stdout).toContain(`Report: ${reportFile}`);
  const report = await readFile(path.join(workDir, reportFile), 'utf8');

  // What the platform stored: the session, its two products, the user's personas.
  const stored = await platform.prisma.feedbackSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { results: { include: { persona: true } } },
  });
  expect(stored.status).toBe('COMPLETED');
  const products = await platform.prisma.product.findMany({ where: { ownerId: stored.ownerId } });
  const concept = products.find((p) => p.name === GAZPACHO_CONCEPT.name)!;
  const control = products.find((p) => p.name === GAZPACHO_NEGATIVE_CONTROL.name)!;
  expect([concept.price.toFixed(2), control.price.toFixed(2), concept.currency]).toEqual(['4.99', '29.99', 'USD']);
  const personas = await platform.prisma.persona.findMany({ where: { ownerId: stored.ownerId } });
  const respondents = await loadGazpachoSurvey();
  expect(personas).toHaveLength(respondents.length);
  expect(stored.results).toHaveLength(2 * respondents.length);
  expect((stored.insights as { simulated: boolean }).simulated).toBe(true);

  // The report's own record of which persona stands for which respondent, checked against what
  // each persona was generated from.
  const rows = tableAfter(report, '## Respondents and their personas');
  expect(rows.map((r) => Number(r[0]))).toEqual(respondents.map((r) => r.id));
  const personaOf = new Map<number, (typeof personas)[number]>();
  for (const [id, answer, , personaCell] of rows) {
    const respondent = respondents[Number(id) - 1]!;
    expect(Number(answer)).toBe(respondent.rating);
    const persona = personas.find((p) => `\`${p.id}\`` === personaCell)!;
    expect(persona.psychographicsNotes).toContain(`aged ${respondent.ageRange}.`);
    expect(persona.psychographicsNotes).toContain(`Political affiliation: ${respondent.politicalAffiliation}.`);
    expect(persona.psychographicsNotes).toContain(`Racial or ethnic identity: ${respondent.ethnicity}.`);
    personaOf.set(respondent.id, persona);
  }
  expect(new Set([...personaOf.values()].map((p) => p.id)).size).toBe(respondents.length);

  // Recomputed from the stored results, respondents in their order.
  const resultOf = (productId: string, personaId: string) =>
    stored.results.find((r) => r.productId === productId && r.personaId === personaId && r.status === 'COMPLETED')!;
  const conceptResults = respondents.map((r) => resultOf(concept.id, personaOf.get(r.id)!.id));
  const controlResults = respondents.map((r) => resultOf(control.id, personaOf.get(r.id)!.id));
  const humans = respondents.map((r) => r.rating);
  const directOf = (results: typeof conceptResults) => results.map((r) => Math.ceil(r.purchaseIntent! / 2));
  const simulated = directOf(conceptResults);
  const distances = compareOrdinalSamples(simulated, humans, LIKERT_5);
  const direct = {
    n: String(respondents.length),
    simulatedMean: mean(bootstrapMean(simulated, BOOTSTRAP)),
    humanMean: mean(bootstrapMean(humans, BOOTSTRAP)),
    meanError: signed(bootstrapPairedMeanDifference(simulated, humans, BOOTSTRAP)),
    simulatedSd: two(sampleSd(simulated)),
    humanSd: two(sampleSd(humans)),
    sdRatio: two(distances.sdRatio),
    ks: two(distances.ksDistance),
    ksSimilarity: two(1 - distances.ksDistance),
    wasserstein: two(distances.wasserstein),
    simulatedTopTwo: share(bootstrapMean(simulated.map(topTwo), BOOTSTRAP)),
    humanTopTwo: share(bootstrapMean(humans.map(topTwo), BOOTSTRAP)),
    topTwoError: points(bootstrapPairedMeanDifference(simulated.map(topTwo), humans.map(topTwo), BOOTSTRAP)),
  };
  const rated = conceptResults.map((r, i) => ({ pmf: r.ssrDistribution, human: humans[i]! })).filter((r) => r.pmf.length === 5);
  const ssrColumn = (() => {
    if (rated.length === 0) return Object.fromEntries(Object.keys(direct).map((key) => [key, '–'])) as typeof direct;
    const ratedHumans = rated.map((r) => r.human);
    const panelPmf = meanPmf(rated.map((r) => r.pmf));
    const humanPmf = answerDistribution(ratedHumans, LIKERT_5);
    const d = compareOrdinalDistributions(panelPmf, humanPmf, LIKERT_5);
    const expected = rated.map((r) => expectedRating(r.pmf));
    const boxes = rated.map((r) => topTwoBox(r.pmf));
    return {
      n: String(rated.length),
      simulatedMean: mean(bootstrapMean(expected, BOOTSTRAP)),
      humanMean: mean(bootstrapMean(ratedHumans, BOOTSTRAP)),
      meanError: signed(bootstrapPairedMeanDifference(expected, ratedHumans, BOOTSTRAP)),
      simulatedSd: two(distributionSd(panelPmf, LIKERT_5)),
      humanSd: two(distributionSd(humanPmf, LIKERT_5)),
      sdRatio: two(d.sdRatio),
      ks: two(d.ksDistance),
      ksSimilarity: two(1 - d.ksDistance),
      wasserstein: two(d.wasserstein),
      simulatedTopTwo: share(bootstrapMean(boxes, BOOTSTRAP)),
      humanTopTwo: share(bootstrapMean(ratedHumans.map(topTwo), BOOTSTRAP)),
      topTwoError: points(bootstrapPairedMeanDifference(boxes, ratedHumans.map(topTwo), BOOTSTRAP)),
    };
  })();
  const labels: Record<keyof typeof direct, string> = {
    n: 'respondents compared',
    simulatedMean: 'mean, simulated (95 % interval)',
    humanMean: 'mean, humans',
    meanError: 'mean error, simulated − humans',
    simulatedSd: 'SD, simulated',
    humanSd: 'SD, humans',
    sdRatio: 'SD ratio, simulated / humans',
    ks: 'KS distance',
    ksSimilarity: 'KS similarity, 1 − KS',
    wasserstein: 'Wasserstein distance (scale points)',
    simulatedTopTwo: 'top-2-box (4 or 5), simulated',
    humanTopTwo: 'top-2-box, humans',
    topTwoError: 'top-2-box error, simulated − humans',
  };
  expect(tableAfter(report, '## The simulated panel against the humans (concept)')).toEqual(
    (Object.keys(labels) as (keyof typeof direct)[]).map((key) => [labels[key], direct[key], ssrColumn[key]]),
  );

  const humanShares = answerDistribution(humans, LIKERT_5);
  const simulatedShares = answerDistribution(simulated, LIKERT_5);
  const ssrShares = rated.length ? meanPmf(rated.map((r) => r.pmf)) : undefined;
  expect(tableAfter(report, '### Answer distributions (share of each rating)').map((row) => row.slice(1))).toEqual(
    humanShares.map((p, k) => [percent(p), percent(simulatedShares[k]!), ssrShares ? percent(ssrShares[k]!) : '–']),
  );

  // The negative control: each product's mean rating over its own answers; apart or not.
  const conceptDirect = bootstrapMean(simulated, BOOTSTRAP);
  const controlDirect = bootstrapMean(directOf(controlResults), BOOTSTRAP);
  const controlTable = tableAfter(report, '## Negative control');
  expect(controlTable[0]!.slice(0, 3)).toEqual([
    'direct rating',
    `${mean(conceptDirect)}, n = ${respondents.length}`,
    `${mean(controlDirect)}, n = ${respondents.length}`,
  ]);
  const ssrOf = (results: typeof conceptResults) =>
    results.filter((r) => r.ssrDistribution.length === 5).map((r) => expectedRating(r.ssrDistribution));
  const conceptSsr = ssrOf(conceptResults);
  const controlSsr = ssrOf(controlResults);
  const ssrApart =
    conceptSsr.length && controlSsr.length
      ? bootstrapMean(controlSsr, BOOTSTRAP).upper < bootstrapMean(conceptSsr, BOOTSTRAP).lower
      : false;
  if (conceptSsr.length && controlSsr.length) {
    expect(controlTable[1]!.slice(1, 3)).toEqual([
      `${mean(bootstrapMean(conceptSsr, BOOTSTRAP))}, n = ${conceptSsr.length}`,
      `${mean(bootstrapMean(controlSsr, BOOTSTRAP))}, n = ${controlSsr.length}`,
    ]);
  }
  const discriminates = controlDirect.upper < conceptDirect.lower && (conceptSsr.length === 0 || controlSsr.length === 0 || ssrApart);
  const verdict = discriminates ? '**The panel discriminates:' : '**The panel does not discriminate:';
  expect(report).toContain(verdict);
  expect(run.stdout).toContain(verdict.slice(2));

  // The panel section counts what the stored personas are.
  const asked = respondents.filter((r) => r.genderIdentity === 'Male' || r.genderIdentity === 'Female');
  const genderMatched = asked.filter((r) => personaOf.get(r.id)!.gender === r.genderIdentity.toUpperCase()).length;
  const ageMatched = respondents.filter((r) => {
    const age = personaOf.get(r.id)!.age;
    return age !== null && age >= r.minAge && age <= r.maxAge;
  }).length;
  expect(report).toContain(`- Personas whose stored gender is the one asked: ${genderMatched} of ${asked.length} `);
  expect(report).toContain(`- Personas whose stored age is in their respondent's range: ${ageMatched} of ${respondents.length}`);

  // Labelled as simulated, in the report and on the terminal.
  expect(report.split('\n')[0]).toBe('# Validity harness: bottled gazpacho — simulated, not evidence');
  expect(report).toContain('> **Simulated — not evidence.**');
  expect(report).toContain('95 % percentile bootstrap, 2,000 resamples, seed 20250719;');
  expect(run.stdout).toContain(
    `Validity harness: bottled gazpacho, ${respondents.length} of ${respondents.length} respondents compared (simulated — not evidence)`,
  );
  expect(run.stdout).toMatch(new RegExp(`KS similarity\\s+${direct.ksSimilarity}\\s+${ssrColumn.ksSimilarity}`));
}, 240_000);
