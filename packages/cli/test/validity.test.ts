// The pure parts of the validity harness, against values worked out by hand in the comments.
import { describe, expect, test } from 'vitest';

import { checkNegativeControl, compareDirect, compareSsr, type MatchedAnswer } from '../src/validity/comparison.js';
import { parseCsv } from '../src/validity/csv.js';
import { GAZPACHO_CONCEPT, GAZPACHO_NEGATIVE_CONTROL, intentOnFivePoints, personaRequestFor } from '../src/validity/gazpacho-study.js';
import { loadGazpachoSurvey, parseGazpachoSurvey, type Respondent } from '../src/validity/gazpacho-survey.js';
import {
  comparisonRows,
  discriminationVerdict,
  type HarnessFindings,
  harnessSummary,
  renderHarnessReport,
} from '../src/validity/report.js';

const HEADER = 'Responder #,Vote,Explanation,Age Range,Gender Identity,Political Affiliation,Racial Or Ethnic Identity';

const respondent = (overrides: Partial<Respondent> = {}): Respondent => ({
  id: 1,
  rating: 3,
  ageRange: '25-34',
  minAge: 25,
  maxAge: 34,
  genderIdentity: 'Male',
  politicalAffiliation: 'Democrat',
  ethnicity: 'White',
  ...overrides,
});

describe('CSV', () => {
  test('reads quoted fields with commas, doubled quotes and line breaks, and CRLF records', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  test('reads a last record without a line break, and refuses an unclosed quote', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(() => parseCsv('a,"b\n1,2')).toThrow('the CSV ends inside a quoted field');
  });
});

describe('the gazpacho survey', () => {
  test('reads one respondent per row, with the age range as bounds and 65+ up to 100', () => {
    const text = `${HEADER}\n7,2,"I'm not, really",25-34,Male,Democrat,Other\n8,5,"ok",65+,Non-binary,Independent / other,Asian`;
    expect(parseGazpachoSurvey(text)).toEqual([
      respondent({ id: 7, rating: 2, ethnicity: 'Other' }),
      respondent({
        id: 8,
        rating: 5,
        ageRange: '65+',
        minAge: 65,
        maxAge: 100,
        genderIdentity: 'Non-binary',
        politicalAffiliation: 'Independent / other',
        ethnicity: 'Asian',
      }),
    ]);
  });

  test('names the row of a vote out of the 1–5 scale, and a header that is not the survey’s', () => {
    expect(() => parseGazpachoSurvey(`${HEADER}\n1,6,x,25-34,Male,Democrat,White`)).toThrow('row 2: vote "6" is not 1–5');
    expect(() => parseGazpachoSurvey(`${HEADER}\n1,3,x,young,Male,Democrat,White`)).toThrow('row 2: age range "young"');
    expect(() => parseGazpachoSurvey('Vote,Responder #\n1,2')).toThrow("the survey's header is not");
  });

  test('the shipped file holds the 50 respondents TinyTroupe reports', async () => {
    const respondents = await loadGazpachoSurvey();
    expect(respondents).toHaveLength(50);
    expect(respondents.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Counted in the file: 11 ones, 9 twos, 13 threes, 10 fours, 7 fives; mean 143 / 50 = 2.86.
    const counts = [1, 2, 3, 4, 5].map((k) => respondents.filter((r) => r.rating === k).length);
    expect(counts).toEqual([11, 9, 13, 10, 7]);
    // Respondent 23's explanation spans two lines; the row still parses.
    expect(respondents[22]).toMatchObject({ id: 23, rating: 3, ageRange: '25-34', genderIdentity: 'Female' });
    expect(respondents.filter((r) => r.genderIdentity === 'Non-binary').map((r) => r.id)).toEqual([5]);
  });
});

describe('the study', () => {
  test('puts intents 1–10 on the five-point scale two by two', () => {
    expect(Array.from({ length: 10 }, (_, i) => intentOnFivePoints(i + 1))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(() => intentOnFivePoints(0)).toThrow(RangeError);
    expect(() => intentOnFivePoints(11)).toThrow(RangeError);
    expect(() => intentOnFivePoints(2.5)).toThrow(RangeError);
  });

  test("asks for a persona of the respondent's gender, age range and country, with the rest as notes", () => {
    expect(personaRequestFor(respondent({ genderIdentity: 'Female', ageRange: '65+', minAge: 65, maxAge: 100 }))).toEqual({
      count: 1,
      demographics: { gender: 'FEMALE', country: 'US', minAge: 65, maxAge: 100 },
      psychographics: {
        interests: [],
        values: [],
        traits: [],
        notes: 'A survey respondent in the United States, aged 65+. Political affiliation: Democrat. Racial or ethnic identity: White.',
      },
    });
  });

  test('asks for no gender for a non-binary respondent and says it in the notes', () => {
    const request = personaRequestFor(respondent({ genderIdentity: 'Non-binary' }));
    expect(request.demographics).toEqual({ country: 'US', minAge: 25, maxAge: 34 });
    expect(request.psychographics?.notes).toContain('Gender identity: Non-binary.');
  });

  test('the negative control is the same concept, dearer and worse', () => {
    expect(GAZPACHO_NEGATIVE_CONTROL.description.startsWith(GAZPACHO_CONCEPT.description.split('. ')[0]!)).toBe(true);
    expect(Number(GAZPACHO_NEGATIVE_CONTROL.price)).toBeGreaterThan(5 * Number(GAZPACHO_CONCEPT.price));
    expect(GAZPACHO_NEGATIVE_CONTROL.currency).toBe(GAZPACHO_CONCEPT.currency);
  });
});

/**
 * Four respondents answering 1, 2, 4, 5 and their personas' intents 5, 5, 6, 8, i.e. 3, 3, 3, 4 on
 * the five-point scale.
 *   shares   humans 1/4, 1/4, 0, 1/4, 1/4          simulated 0, 0, 3/4, 1/4, 0
 *   CDFs     humans .25, .50, .50, .75, 1          simulated 0, 0, .75, 1, 1
 *   gaps     .25, .50, .25, .25 (the last is 0)  → KS = 0.50, Wasserstein = 1.25
 *   means    humans 12/4 = 3, simulated 13/4 = 3.25 → mean error +0.25
 *   SDs      humans √((4 + 1 + 1 + 4) / 3) = 1.825742, simulated √((3 · 0.0625 + 0.5625) / 3) = 0.5
 *            → SD ratio 0.5 / 1.825742 = 0.273861
 *   top-2-box humans 2/4 = 0.5, simulated 1/4 = 0.25 → error −0.25
 */
const fourRespondents: MatchedAnswer[] = [
  { human: 1, simulated: { intent: 5, ssr: null } },
  { human: 2, simulated: { intent: 5, ssr: null } },
  { human: 4, simulated: { intent: 6, ssr: null } },
  { human: 5, simulated: { intent: 8, ssr: null } },
];

describe('the direct rating against the humans', () => {
  test('gives the distances, means, SDs and top-2-box worked out by hand', () => {
    const direct = compareDirect(fourRespondents);
    expect(direct.n).toBe(4);
    expect(direct.humanDistribution).toEqual([0.25, 0.25, 0, 0.25, 0.25]);
    expect(direct.simulatedDistribution).toEqual([0, 0, 0.75, 0.25, 0]);
    expect(direct.ksDistance).toBeCloseTo(0.5, 12);
    expect(direct.ksSimilarity).toBeCloseTo(0.5, 12);
    expect(direct.wasserstein).toBeCloseTo(1.25, 12);
    expect(direct.humanMean.estimate).toBe(3);
    expect(direct.simulatedMean.estimate).toBe(3.25);
    expect(direct.meanError.estimate).toBeCloseTo(0.25, 12);
    expect(direct.humanSd).toBeCloseTo(1.825742, 6);
    expect(direct.simulatedSd).toBeCloseTo(0.5, 12);
    expect(direct.sdRatio).toBeCloseTo(0.273861, 6);
    expect(direct.humanTopTwoBox.estimate).toBe(0.5);
    expect(direct.simulatedTopTwoBox.estimate).toBe(0.25);
    expect(direct.topTwoBoxError.estimate).toBe(-0.25);
  });

  test('gives seeded intervals of 2,000 resamples around each estimate, the same on every run', () => {
    const direct = compareDirect(fourRespondents);
    for (const interval of [direct.meanError, direct.simulatedMean, direct.humanMean, direct.topTwoBoxError]) {
      expect(interval).toMatchObject({ resamples: 2000, confidence: 0.95, n: 4, smallSample: true });
      expect(interval.lower).toBeLessThanOrEqual(interval.estimate);
      expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate);
    }
    expect(compareDirect(fourRespondents)).toEqual(direct);
  });

  test('gives an interval of exactly 0 when every persona answers as its respondent', () => {
    // Intents 1, 3, 5 are 1, 2, 3 on the five-point scale: every paired difference is 0.
    const same = compareDirect([1, 3, 5].map((intent, i) => ({ human: i + 1, simulated: { intent, ssr: null } })));
    expect(same.meanError).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
    expect(same.ksDistance).toBe(0);
    expect(same.wasserstein).toBe(0);
    expect(same.sdRatio).toBe(1);
  });
});

describe('the SSR rating against the humans', () => {
  /**
   * Respondents answering 2 and 4; their personas' SSR distributions (0, ½, ½, 0, 0) and
   * (0, 0, ½, ½, 0); a third persona was not rated and is left out.
   *   mean distribution 0, ¼, ½, ¼, 0; the humans' 0, ½, 0, ½, 0
   *   CDFs  0, .25, .75, 1 against 0, .5, .5, 1 → gaps 0, .25, .25, 0 → KS 0.25, Wasserstein 0.5
   *   expected ratings 2.5 and 3.5 → mean 3 = the humans' mean → mean error 0
   *   SDs of the distributions: √(¼ + ¼) = 0.707107 and √(½ + ½) = 1 → ratio 0.707107
   *   p4 + p5: 0 and ½ → 0.25; humans ½ → error −0.25
   */
  const rated: MatchedAnswer[] = [
    { human: 2, simulated: { intent: 4, ssr: [0, 0.5, 0.5, 0, 0] } },
    { human: 4, simulated: { intent: 7, ssr: [0, 0, 0.5, 0.5, 0] } },
    { human: 5, simulated: { intent: 9, ssr: null } },
  ];

  test('compares the mean SSR distribution with the humans’ answers, as worked out by hand', () => {
    const ssr = compareSsr(rated)!;
    expect(ssr.n).toBe(2);
    expect(ssr.simulatedDistribution).toEqual([0, 0.25, 0.5, 0.25, 0]);
    expect(ssr.humanDistribution).toEqual([0, 0.5, 0, 0.5, 0]);
    expect(ssr.ksDistance).toBeCloseTo(0.25, 12);
    expect(ssr.wasserstein).toBeCloseTo(0.5, 12);
    expect(ssr.simulatedMean.estimate).toBeCloseTo(3, 12);
    expect(ssr.meanError.estimate).toBeCloseTo(0, 12);
    expect(ssr.simulatedSd).toBeCloseTo(0.707107, 6);
    expect(ssr.humanSd).toBeCloseTo(1, 12);
    expect(ssr.sdRatio).toBeCloseTo(0.707107, 6);
    expect(ssr.simulatedTopTwoBox.estimate).toBeCloseTo(0.25, 12);
    expect(ssr.topTwoBoxError.estimate).toBeCloseTo(-0.25, 12);
  });

  test('is null when no answer was rated', () => {
    expect(compareSsr(fourRespondents)).toBeNull();
  });
});

describe('the negative control', () => {
  const answers = (intents: number[], ssr: number[] | null = null) => intents.map((intent) => ({ intent, ssr }));

  test('discriminates when the control scores lower with intervals apart', () => {
    // Intents 9, 10, 9 are all 5; intents 1, 2, 2 are all 1: both intervals are a single point.
    const checks = checkNegativeControl(answers([9, 10, 9]), answers([1, 2, 2]));
    expect(checks.direct).toMatchObject({ discriminates: true, concept: { lower: 5, upper: 5 }, control: { lower: 1, upper: 1 } });
    expect(checks.ssr).toBeNull();
    expect(discriminationVerdict(checks)).toBe(
      'The panel discriminates: the negative control scores lower than the concept with non-overlapping 95 % intervals on the direct rating.',
    );
  });

  test('does not discriminate when the control scores as high, and says so plainly', () => {
    const concept = answers([5, 6, 7], [0, 0, 1, 0, 0]);
    const checks = checkNegativeControl(concept, concept);
    expect(checks.direct?.discriminates).toBe(false);
    expect(checks.ssr?.discriminates).toBe(false);
    expect(discriminationVerdict(checks)).toBe(
      'The panel does not discriminate: on the direct rating and the SSR rating the negative control does not score lower than the concept with non-overlapping 95 % intervals, so these figures cannot tell a good concept from a clearly worse one.',
    );
  });
});

describe('the report', () => {
  const findings = (simulated: boolean): HarnessFindings => {
    const concept = answers(fourRespondents);
    return {
      sessionId: '6f1c2a54-1111-4111-8111-111111111111',
      completedAt: '2026-11-23T10:01:00.000Z',
      simulated,
      respondents: 50,
      personaFailures: [{ respondent: 7, reason: 'UPSTREAM_FAILED: the model gave no persona' }],
      concept: { name: GAZPACHO_CONCEPT.name, price: '4.99', currency: 'USD' },
      control: { name: GAZPACHO_NEGATIVE_CONTROL.name, price: '29.99', currency: 'USD' },
      direct: compareDirect(fourRespondents),
      ssr: null,
      negativeControl: checkNegativeControl(concept, concept),
      fidelity: { personas: 4, genderAsked: 3, genderMatched: 3, ageMatched: 4 },
      rows: [
        {
          respondent: respondent({ id: 1, rating: 1 }),
          personaId: '6f1c2a54-2222-4222-8222-222222222222',
          persona: { gender: 'MALE', age: 30 },
          concept: { intent: 5, ssr: [0, 0.5, 0.5, 0, 0] },
          control: { intent: 2, ssr: null },
        },
        { respondent: respondent({ id: 7, rating: 4 }), personaId: null, persona: null, concept: null, control: null },
      ],
    };
  };
  function answers(matched: MatchedAnswer[]) {
    return matched.map((m) => m.simulated);
  }

  test('tabulates the figures of the direct rating, with a dash where SSR has none', () => {
    const rows = new Map(comparisonRows(compareDirect(fourRespondents), null).map(([label, ...cells]) => [label, cells]));
    expect(rows.get('respondents compared')).toEqual(['4', '–']);
    expect(rows.get('SD, simulated')).toEqual(['0.50', '–']);
    expect(rows.get('SD, humans')).toEqual(['1.83', '–']);
    expect(rows.get('SD ratio, simulated / humans')).toEqual(['0.27', '–']);
    expect(rows.get('KS distance')).toEqual(['0.50', '–']);
    expect(rows.get('KS similarity, 1 − KS')).toEqual(['0.50', '–']);
    expect(rows.get('Wasserstein distance (scale points)')).toEqual(['1.25', '–']);
    expect(rows.get('mean, humans')?.[0]).toMatch(/^3\.00 \(\d\.\d\d–\d\.\d\d\)$/);
    expect(rows.get('mean error, simulated − humans')?.[0]).toMatch(/^\+0\.25 \([−+]?\d\.\d\d to [−+]?\d\.\d\d\)$/);
    expect(rows.get('top-2-box, humans')?.[0]).toMatch(/^50\.0 % \(\d+\.\d–\d+\.\d %\)$/);
    expect(rows.get('top-2-box error, simulated − humans')?.[0]).toMatch(/^−25\.0 pt \(/);
  });

  test('labels simulated figures as not evidence, in the report and the summary', () => {
    const report = renderHarnessReport(findings(true));
    expect(report.split('\n')[0]).toBe('# Validity harness: bottled gazpacho — simulated, not evidence');
    expect(report).toContain('> **Simulated — not evidence.**');
    expect(report).toContain('**The panel does not discriminate:');
    expect(report).toContain('- Respondent 7: no persona (UPSTREAM_FAILED: the model gave no persona)');
    expect(report).toContain('No answer had an SSR rating, so the SSR column is empty.');
    // Expected SSR rating of (0, ½, ½, 0, 0): 2 · ½ + 3 · ½ = 2.5.
    expect(report).toContain('| 1 | 1 | Male, 25-34 | `6f1c2a54-2222-4222-8222-222222222222` | MALE, 30 | 5 → 3 | 2.50 | 2 → 1 | – |');
    expect(report).toContain('| 7 | 4 | Male, 25-34 | – | – | – | – | – | – |');
    const summary = harnessSummary(findings(true), 'out/report.md');
    expect(summary[0]).toBe('Validity harness: bottled gazpacho, 4 of 50 respondents compared (simulated — not evidence)');
    expect(summary.at(-1)).toBe('Report: out/report.md');
  });

  test('has the same sections without the label for a real model', () => {
    const report = renderHarnessReport(findings(false));
    expect(report).not.toMatch(/simulated, not evidence|Simulated —/);
    const headings = report.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Validity harness: bottled gazpacho',
      '## The simulated panel against the humans (concept)',
      '### Answer distributions (share of each rating)',
      '## Negative control',
      '## Panel',
      '## How to read this',
      '## Respondents and their personas',
    ]);
  });
});
