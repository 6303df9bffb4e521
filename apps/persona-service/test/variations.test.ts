import { spreadAges } from '@persona-lab/contracts';
import { describe, expect, it } from 'vitest';

import { parseAgeRange } from '../src/domain/ages.js';
import { summariseDiversity } from '../src/domain/diversity.js';
import { InvalidAgeRangeError, spreadVariations } from '../src/domain/variations.js';

describe('ages', () => {
  it('spreads 20–60 over five personas as 20, 30, 40, 50, 60', () => {
    expect(spreadAges(20, 60, 5)).toEqual([20, 30, 40, 50, 60]);
  });

  it('gives a single persona the midpoint', () => {
    expect(spreadAges(20, 60, 1)).toEqual([40]);
  });

  it('parses closed, open and single-age ranges and rejects nonsense', () => {
    expect(parseAgeRange('18-25')).toEqual({ min: 18, max: 25 });
    expect(parseAgeRange('46+')).toEqual({ min: 46, max: 70 });
    expect(parseAgeRange('30')).toEqual({ min: 30, max: 30 });
    expect(parseAgeRange('40-20')).toBeNull();
    expect(parseAgeRange('young')).toBeNull();
  });
});

describe('variations', () => {
  it('spreads every dimension round-robin and turns ranges into concrete ages', () => {
    const variations = spreadVariations(
      { genders: ['FEMALE', 'MALE'], ageRanges: ['18-25', '46+'], regions: ['North', 'South', 'East'], incomeLevels: ['low'] },
      4,
    );
    expect(variations.map((v) => v.gender)).toEqual(['FEMALE', 'MALE', 'FEMALE', 'MALE']);
    expect(variations.map((v) => v.region)).toEqual(['North', 'South', 'East', 'North']);
    expect(variations.map((v) => v.age)).toEqual([18, 46, 25, 70]);
    expect(variations.map((v) => v.variantNumber)).toEqual([1, 2, 3, 4]);
    expect(variations.every((v) => v.incomeLevel === 'low')).toBe(true);
  });

  it('gives the same variations for the same audience and count', () => {
    const audience = { genders: ['MALE'], ageRanges: ['26-35', '36-45'] };
    expect(spreadVariations(audience, 7)).toEqual(spreadVariations(audience, 7));
  });

  it('rejects an age range it cannot read', () => {
    expect(() => spreadVariations({ ageRanges: ['old'] }, 2)).toThrow(InvalidAgeRangeError);
  });
});

describe('diversity summary', () => {
  it('counts distinct names and measures how alike the bios are', () => {
    const summary = summariseDiversity([
      { name: 'Ann Lee', detailedBio: 'teacher who loves hiking and gardening' },
      { name: 'ann lee', detailedBio: 'teacher who loves hiking and gardening' },
      { name: 'Bo Chen', detailedBio: 'software engineer obsessed with espresso' },
    ]);
    expect(summary.distinctNames).toBe(2);
    // pairs: identical (1), and two pairs sharing nothing (0) → mean 1/3
    expect(summary.meanBioSimilarity).toBeCloseTo(0.333, 3);
  });
});
