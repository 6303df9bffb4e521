// The human side of the gazpacho harness: TinyTroupe's survey of 50 US respondents, shipped
// unchanged under packages/cli/data/gazpacho/, read into one record per respondent.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { parseCsv } from './csv.js';

export const SURVEY_FILE_NAME = '07.19.2025 - Market Research - Bottled Gazpacho - Raw Data.csv';

/** The shipped CSV, beside its notice and licence (the same relative path from src/ and dist/). */
export const SURVEY_PATH = fileURLToPath(new URL(`../../data/gazpacho/${SURVEY_FILE_NAME}`, import.meta.url));

export interface Respondent {
  /** `Responder #` */
  id: number;
  /** The human answer on the 1–5 scale (`Vote`). */
  rating: number;
  /** `25-34` … `65+` */
  ageRange: string;
  minAge: number;
  /** The data gives no upper bound for `65+`: the contract's highest age, 100. */
  maxAge: number;
  /** `Male`, `Female`, `Non-binary` as the respondent answered. */
  genderIdentity: string;
  politicalAffiliation: string;
  ethnicity: string;
}

const COLUMNS = [
  'Responder #',
  'Vote',
  'Explanation',
  'Age Range',
  'Gender Identity',
  'Political Affiliation',
  'Racial Or Ethnic Identity',
] as const;

export const OLDEST_AGE = 100;

function ageBounds(range: string, where: string): { minAge: number; maxAge: number } {
  const bounded = /^(\d{1,3})-(\d{1,3})$/.exec(range);
  if (bounded && Number(bounded[1]) <= Number(bounded[2])) return { minAge: Number(bounded[1]), maxAge: Number(bounded[2]) };
  const open = /^(\d{1,3})\+$/.exec(range);
  if (open) return { minAge: Number(open[1]), maxAge: OLDEST_AGE };
  throw new RangeError(`${where}: age range "${range}" is neither "25-34" nor "65+"`);
}

/** The respondents of the survey's CSV text; any row out of shape is an error naming it. */
export function parseGazpachoSurvey(text: string): Respondent[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || COLUMNS.some((column, i) => header[i] !== column)) {
    throw new RangeError(`the survey's header is not ${COLUMNS.join(', ')}`);
  }
  return rows.map((row, index) => {
    const where = `row ${index + 2}`;
    if (row.length !== COLUMNS.length) throw new RangeError(`${where}: ${row.length} fields, expected ${COLUMNS.length}`);
    const [id, vote, , ageRange, genderIdentity, politicalAffiliation, ethnicity] = row as [string, ...string[]];
    const rating = Number(vote);
    if (!/^[1-5]$/.test(vote ?? '')) throw new RangeError(`${where}: vote "${vote}" is not 1–5`);
    if (!/^\d+$/.test(id)) throw new RangeError(`${where}: responder "${id}" is not a number`);
    return {
      id: Number(id),
      rating,
      ageRange: ageRange!,
      ...ageBounds(ageRange!, where),
      genderIdentity: genderIdentity!,
      politicalAffiliation: politicalAffiliation!,
      ethnicity: ethnicity!,
    };
  });
}

export async function loadGazpachoSurvey(file = SURVEY_PATH): Promise<Respondent[]> {
  return parseGazpachoSurvey(await readFile(file, 'utf8'));
}
