// The harness's findings as a Markdown report and as a short terminal summary.
import type { Interval } from '@persona-lab/statistics';
import { expectedRating } from '@persona-lab/statistics';

import { formatSigned, formatSignedBounds } from '../render/format.js';
import { renderTable } from '../render/table.js';
import { type ControlCheck, HARNESS_BOOTSTRAP, type RatingComparison, type RatingKind, type SimulatedAnswer } from './comparison.js';
import { intentOnFivePoints } from './gazpacho-study.js';
import { type Respondent, SURVEY_FILE_NAME } from './gazpacho-survey.js';

export interface ReportProduct {
  name: string;
  price: string;
  currency: string;
}

export interface PanelFidelity {
  personas: number;
  /** Personas generated with a gender asked (the non-binary respondent's was not). */
  genderAsked: number;
  genderMatched: number;
  ageMatched: number;
}

export interface RespondentRow {
  respondent: Respondent;
  personaId: string | null;
  /** The persona as stored. */
  persona: { gender: string | null; age: number | null } | null;
  concept: SimulatedAnswer | null;
  control: SimulatedAnswer | null;
}

export interface HarnessFindings {
  sessionId: string;
  completedAt: string | null;
  /** Any answer came from the offline provider. */
  simulated: boolean;
  respondents: number;
  personaFailures: { respondent: number; reason: string }[];
  concept: ReportProduct;
  control: ReportProduct;
  direct: RatingComparison;
  ssr: RatingComparison | null;
  negativeControl: Record<RatingKind, ControlCheck | null>;
  fidelity: PanelFidelity;
  rows: RespondentRow[];
}

const KIND_LABEL: Record<RatingKind, string> = { direct: 'direct rating', ssr: 'SSR rating' };
const SCALE_LABELS = ['1 — would never buy', '2 — very unlikely', '3 — maybe', '4 — very likely', '5 — would certainly buy'];

export const SIMULATED_HEADLINE = 'Simulated — not evidence.';

const two = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const mean = (interval: Interval) => `${two(interval.estimate)} (${two(interval.lower)}–${two(interval.upper)})`;
const signed = (interval: Interval) => `${formatSigned(interval.estimate)} (${formatSignedBounds(interval)})`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const shareWithBounds = (interval: Interval) =>
  `${percent(interval.estimate)} (${(interval.lower * 100).toFixed(1)}–${(interval.upper * 100).toFixed(1)} %)`;
const points = (interval: Interval) =>
  `${formatSigned(interval.estimate * 100, 1)} pt (${formatSigned(interval.lower * 100, 1)} to ${formatSigned(interval.upper * 100, 1)})`;

/** The rows of the main table: one label, then the direct and the SSR figure. */
export function comparisonRows(direct: RatingComparison, ssr: RatingComparison | null): string[][] {
  const row = (label: string, cell: (c: RatingComparison) => string) => [label, cell(direct), ssr ? cell(ssr) : '–'];
  return [
    row('respondents compared', (c) => String(c.n)),
    row('mean, simulated (95 % interval)', (c) => mean(c.simulatedMean)),
    row('mean, humans', (c) => mean(c.humanMean)),
    row('mean error, simulated − humans', (c) => signed(c.meanError)),
    row('SD, simulated', (c) => two(c.simulatedSd)),
    row('SD, humans', (c) => two(c.humanSd)),
    row('SD ratio, simulated / humans', (c) => two(c.sdRatio)),
    row('KS distance', (c) => two(c.ksDistance)),
    row('KS similarity, 1 − KS', (c) => two(c.ksSimilarity)),
    row('Wasserstein distance (scale points)', (c) => two(c.wasserstein)),
    row('top-2-box (4 or 5), simulated', (c) => shareWithBounds(c.simulatedTopTwoBox)),
    row('top-2-box, humans', (c) => shareWithBounds(c.humanTopTwoBox)),
    row('top-2-box error, simulated − humans', (c) => points(c.topTwoBoxError)),
  ];
}

function markdownTable(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** "The panel discriminates …" or "The panel does not discriminate …", in one sentence. */
export function discriminationVerdict(checks: Record<RatingKind, ControlCheck | null>): string {
  const available = (['direct', 'ssr'] as const).flatMap((kind) => (checks[kind] ? [checks[kind]] : []));
  const failing = available.filter((check) => !check.discriminates);
  if (available.length > 0 && failing.length === 0) {
    return `The panel discriminates: the negative control scores lower than the concept with non-overlapping 95 % intervals on the ${available.map((c) => KIND_LABEL[c.kind]).join(' and the ')}.`;
  }
  if (available.length === 0)
    return 'The panel does not discriminate: there were no answers to compare the concept and the negative control on.';
  return `The panel does not discriminate: on the ${failing.map((c) => KIND_LABEL[c.kind]).join(' and the ')} the negative control does not score lower than the concept with non-overlapping 95 % intervals, so these figures cannot tell a good concept from a clearly worse one.`;
}

function controlRows(checks: Record<RatingKind, ControlCheck | null>): string[][] {
  return (['direct', 'ssr'] as const).map((kind) => {
    const check = checks[kind];
    if (!check) return [KIND_LABEL[kind], '–', '–', 'not compared (no answers)'];
    const verdict = check.discriminates
      ? 'lower, intervals apart'
      : check.control.estimate < check.concept.estimate
        ? 'lower, but the intervals overlap'
        : 'not lower';
    return [KIND_LABEL[kind], `${mean(check.concept)}, n = ${check.concept.n}`, `${mean(check.control)}, n = ${check.control.n}`, verdict];
  });
}

export function renderHarnessReport(findings: HarnessFindings): string {
  const { direct, ssr, fidelity } = findings;
  const lines = [`# Validity harness: bottled gazpacho${findings.simulated ? ' — simulated, not evidence' : ''}`, ''];
  if (findings.simulated) {
    lines.push(
      `> **${SIMULATED_HEADLINE}** The answers came from the offline AI provider, which computes them from rules and a seed and`,
      '> never sees the survey. These figures show that the harness runs end to end and how to read its report; they say',
      '> nothing about how well a model stands for real consumers. Run it with a real model for that.',
      '',
    );
  }
  const product = (p: ReportProduct) => `"${p.name}", ${p.price} ${p.currency}`;
  lines.push(
    `- Session: \`${findings.sessionId}\`${findings.completedAt ? `, completed ${findings.completedAt}` : ''}`,
    `- Humans: ${findings.respondents} US respondents of TinyTroupe's survey (\`packages/cli/data/gazpacho/${SURVEY_FILE_NAME}\`, MIT), one 1–5 answer each`,
    `- Panel: one persona per respondent (gender, age range, country US; political affiliation and ethnicity as notes): ${fidelity.personas} of ${findings.respondents} generated`,
    `- Concept: ${product(findings.concept)}; negative control (the same concept made clearly worse): ${product(findings.control)}`,
    '- Direct rating: the 1–10 purchase intent on the 1–5 scale as ⌈intent / 2⌉ (1–2 → 1, 3–4 → 2, 5–6 → 3, 7–8 → 4, 9–10 → 5)',
    "- SSR rating: each answer's five-point SSR distribution; the panel's distribution is their mean, a respondent's rating its expected value",
    `- Intervals: 95 % percentile bootstrap, ${HARNESS_BOOTSTRAP.resamples!.toLocaleString('en-US')} resamples, seed ${HARNESS_BOOTSTRAP.seed}; a resample draws respondents, each with the persona built from them`,
    '',
    '## The simulated panel against the humans (concept)',
    '',
    ...markdownTable(['figure', 'direct rating', 'SSR rating'], comparisonRows(direct, ssr)),
    '',
  );
  if (!ssr) lines.push('No answer had an SSR rating, so the SSR column is empty.', '');
  lines.push(
    '### Answer distributions (share of each rating)',
    '',
    ...markdownTable(
      ['rating', 'humans', 'direct, simulated', 'SSR, simulated (mean distribution)'],
      SCALE_LABELS.map((label, k) => [
        label,
        percent(direct.humanDistribution[k]!),
        percent(direct.simulatedDistribution[k]!),
        ssr ? percent(ssr.simulatedDistribution[k]!) : '–',
      ]),
    ),
    '',
  );
  if (ssr && ssr.n !== direct.n) lines.push(`The SSR figures compare the ${ssr.n} respondents whose persona's answer was rated.`, '');
  lines.push(
    '## Negative control',
    '',
    ...markdownTable(['mean rating (1–5)', 'concept', 'negative control', 'the control scores'], controlRows(findings.negativeControl)),
    '',
    `**${discriminationVerdict(findings.negativeControl)}**`,
    '',
    '## Panel',
    '',
    `- Personas whose stored gender is the one asked: ${fidelity.genderMatched} of ${fidelity.genderAsked} (a non-binary respondent's persona is generated without a gender: the platform knows MALE and FEMALE only)`,
    `- Personas whose stored age is in their respondent's range: ${fidelity.ageMatched} of ${fidelity.personas}`,
  );
  for (const failure of findings.personaFailures) lines.push(`- Respondent ${failure.respondent}: no persona (${failure.reason})`);
  lines.push(
    '',
    '## How to read this',
    '',
    '- Mean error and top-2-box error: how far the panel is from the humans, in rating points and percentage points; an interval that holds 0 means no difference the data can show.',
    '- SD ratio below 1: the panel agrees with itself more than people do (models tend to collapse onto one answer).',
    '- KS distance: the largest gap between the two cumulative distributions; KS similarity = 1 − KS (Maier et al. 2025 report ≈ 0.26–0.39 for direct ratings of real models and ≈ 0.80–0.88 for SSR). Wasserstein: how many scale points the answers must move, on average, to match.',
    '- The intervals show how the figures vary over these 50 respondents and their personas, not a population margin of error.',
    '',
    '## Respondents and their personas',
    '',
    'Each respondent’s answer beside the answers of the persona built from them: intent (1–10) → rating (1–5), and the SSR expected rating.',
    '',
    ...markdownTable(
      ['respondent', 'answer', 'asked', 'persona', 'stored', 'concept', 'concept SSR', 'control', 'control SSR'],
      findings.rows.map(respondentCells),
    ),
  );
  return `${lines.join('\n')}\n`;
}

const directCell = (answer: SimulatedAnswer | null) => (answer ? `${answer.intent} → ${intentOnFivePoints(answer.intent)}` : '–');
const ssrCell = (answer: SimulatedAnswer | null) => (answer?.ssr ? two(expectedRating(answer.ssr)) : '–');

function respondentCells(row: RespondentRow): string[] {
  const { respondent, persona } = row;
  return [
    String(respondent.id),
    String(respondent.rating),
    `${respondent.genderIdentity}, ${respondent.ageRange}`,
    row.personaId ? `\`${row.personaId}\`` : '–',
    persona ? `${persona.gender ?? '–'}, ${persona.age ?? '–'}` : '–',
    directCell(row.concept),
    ssrCell(row.concept),
    directCell(row.control),
    ssrCell(row.control),
  ];
}

/** The few lines the terminal shows after a run. */
export function harnessSummary(findings: HarnessFindings, reportPath: string): string[] {
  const { direct, ssr } = findings;
  const cell = (c: RatingComparison | null, value: (c: RatingComparison) => string) => (c ? value(c) : '–');
  const rows = [
    ['', 'direct', 'SSR'],
    ['Mean error (1–5)', formatSigned(direct.meanError.estimate), cell(ssr, (c) => formatSigned(c.meanError.estimate))],
    ['SD ratio', two(direct.sdRatio), cell(ssr, (c) => two(c.sdRatio))],
    ['KS similarity', two(direct.ksSimilarity), cell(ssr, (c) => two(c.ksSimilarity))],
    ['Wasserstein', two(direct.wasserstein), cell(ssr, (c) => two(c.wasserstein))],
    [
      'Top-2-box error',
      `${formatSigned(direct.topTwoBoxError.estimate * 100, 1)} pt`,
      cell(ssr, (c) => `${formatSigned(c.topTwoBoxError.estimate * 100, 1)} pt`),
    ],
  ];
  return [
    `Validity harness: bottled gazpacho, ${direct.n} of ${findings.respondents} respondents compared${findings.simulated ? ' (simulated — not evidence)' : ''}`,
    '',
    ...renderTable(rows),
    '',
    discriminationVerdict(findings.negativeControl),
    ...(findings.simulated ? ['', 'The answers were simulated by the offline AI provider: the figures are not evidence.'] : []),
    '',
    `Report: ${reportPath}`,
  ];
}
