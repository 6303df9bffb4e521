// The built-in offline provider, through the gateway's routes: deterministic for a seed, varied,
// built from the request, and valid under the same schemas as a network model's answers.
import type { GeneratedPersona } from '@persona-lab/contracts';
import {
  AiAggregateThemesResponse,
  AiGenerateFeedbackResponse,
  AiGeneratePersonaResponse,
  AiGeneratePersonasResponse,
} from '@persona-lab/contracts';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';

import { acceptAnswer, answerFormat } from '../src/domain/answer.js';
import type { AiTask } from '../src/domain/tasks.js';
import { languageOf } from '../src/providers/offline/language.js';
import { namesOf } from '../src/providers/offline/names.js';
import { createOfflineProvider } from '../src/providers/offline/offline-provider.js';
import { type Language, PHRASES } from '../src/providers/offline/phrases.js';
import { stanceOf, VERDICTS } from '../src/providers/offline/purchase-statement.js';
import { FEEDBACK_REQUEST, SERVICE_HEADERS, useAiGateway } from './helper.js';

const gateway = useAiGateway({ offline: true, env: { AI_OFFLINE_SEED: 'seed-a' } });
const otherSeed = useAiGateway({ offline: true, env: { AI_OFFLINE_SEED: 'seed-b' } });

const REQUEST = {
  count: 5,
  demographics: { gender: 'FEMALE', country: 'RU', minAge: 20, maxAge: 60, incomeLevel: 'low' },
  psychographics: { interests: ['hiking', 'cooking'], values: ['sustainability'], traits: ['frugal'] },
};

async function post(app = gateway.app, url: string, payload: object) {
  const res = await app.inject({ method: 'POST', url, headers: SERVICE_HEADERS, payload });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('offline personas', () => {
  it('are the same for the same seed and request', async () => {
    const first = await post(gateway.app, '/v1/personas/generate', REQUEST);
    const second = await post(gateway.app, '/v1/personas/generate', REQUEST);
    expect(second).toEqual(first);
  });

  it('differ with another seed', async () => {
    const first = await post(gateway.app, '/v1/personas/generate', REQUEST);
    const other = await post(otherSeed.app, '/v1/personas/generate', REQUEST);
    expect(other.personas).not.toEqual(first.personas);
  });

  it('follow the requested country, gender, ages and income, with distinct names', async () => {
    const body = await post(gateway.app, '/v1/personas/generate', REQUEST);
    expect(Compile(AiGeneratePersonasResponse).Check(body)).toBe(true);
    expect(body.metadata).toEqual({
      provider: 'offline',
      model: 'persona-lab-offline-1',
      attempts: 1,
      simulated: true,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      costUsd: 0,
      cached: false,
    });
    const personas: GeneratedPersona[] = body.personas;
    expect(personas.map((p) => p.age)).toEqual([20, 30, 40, 50, 60]);
    expect(new Set(personas.map((p) => p.name)).size).toBe(5);
    for (const persona of personas) {
      expect(persona.gender).toBe('female');
      expect(namesOf('RU').female).toContain(persona.name.split(' ')[0]);
      expect(persona.detailed_bio).toContain('Russia');
      expect(persona.detailed_bio).toContain('low income');
      expect(persona.product_attitudes).toMatch(/discount|budget|deals/);
    }
  });

  it('carry a forced name', async () => {
    const body = await post(gateway.app, '/v1/personas/generate-with-name', {
      name: 'Marina',
      demographics: { country: 'RU', minAge: 26, maxAge: 35 },
    });
    expect(Compile(AiGeneratePersonaResponse).Check(body)).toBe(true);
    expect(body.persona.name).toBe('Marina');
    expect(body.persona.gender).toBe('female');
    expect(body.persona.age).toBeGreaterThanOrEqual(26);
    expect(body.persona.age).toBeLessThanOrEqual(35);
  });

  it('come out different for different variant numbers of the same description', async () => {
    const request = { demographics: { country: 'DE', minAge: 30, maxAge: 45 } };
    const variants = await Promise.all(
      [1, 2, 3].map((variantNumber) => post(gateway.app, '/v1/personas/generate-details', { ...request, variantNumber })),
    );
    expect(new Set(variants.map((v) => v.persona.detailed_bio)).size).toBe(3);
  });
});

describe('offline feedback', () => {
  it("follows the request's seed: the same seed gives the same answer, other seeds other answers", async () => {
    const answerFor = async (seed: number) => {
      const { metadata: _metadata, ...answer } = await post(gateway.app, '/v1/feedback/generate', { ...FEEDBACK_REQUEST, seed });
      return JSON.stringify(answer);
    };
    expect(await answerFor(1)).toBe(await answerFor(1));
    const answers = new Set(await Promise.all([1, 2, 3, 4, 5, 6].map(answerFor)));
    // Six seeds could in principle land on one phrase set twice, but not all on one.
    expect(answers.size).toBeGreaterThan(1);
  });

  const closings: Record<Language, RegExp> = {
    en: /buy it/,
    ru: /куплю/,
    de: /kaufen/,
    fr: /achèterais|acheter/,
    es: /compraría/,
  };

  for (const language of Object.keys(closings) as Language[]) {
    it(`is written in the requested language: ${language}`, async () => {
      const body = await post(gateway.app, '/v1/feedback/generate', { ...FEEDBACK_REQUEST, language });
      expect(Compile(AiGenerateFeedbackResponse).Check(body)).toBe(true);
      expect(body.feedback).toMatch(closings[language]);
      expect(body.key_concerns.length).toBeGreaterThan(0);
      for (const concern of body.key_concerns) expect(Object.values(PHRASES[language].concerns)).toContain(concern);
      expect(body.metadata.simulated).toBe(true);
    });
  }

  it('writes the purchase statement in English whatever the language of the feedback', async () => {
    for (const language of Object.keys(closings)) {
      const body = await post(gateway.app, '/v1/feedback/generate', { ...FEEDBACK_REQUEST, language });
      expect(languageOf(body.purchase_statement), `${language}: ${body.purchase_statement}`).toBe('en');
      expect(body.purchase_statement).toContain(FEEDBACK_REQUEST.product.name);
    }
  });

  it('states a likelihood of buying that matches the purchase intent it drew', async () => {
    const bios = ['a nurse who hikes', 'a retired teacher on a tight budget who knits', 'a software architect who loves premium gadgets'];
    const prices = ['9.99', '129.00', '2400.00'];
    const seen = new Set<string>();
    for (const bio of bios) {
      for (const price of prices) {
        const persona = { bio: `Sam is ${bio}.`, productAttitudes: FEEDBACK_REQUEST.persona.productAttitudes };
        const body = await post(gateway.app, '/v1/feedback/generate', {
          ...FEEDBACK_REQUEST,
          persona,
          product: { ...FEEDBACK_REQUEST.product, price },
        });
        const verdicts = VERDICTS[stanceOf(body.purchase_intent)].map((v) => v.replace('{product}', FEEDBACK_REQUEST.product.name));
        expect(
          verdicts.some((verdict) => body.purchase_statement.startsWith(verdict)),
          `${body.purchase_intent}: ${body.purchase_statement}`,
        ).toBe(true);
        seen.add(body.purchase_statement);
      }
    }
    expect(seen.size).toBeGreaterThan(4);
  });

  it('shows the price with its currency', async () => {
    const body = await post(gateway.app, '/v1/feedback/generate', FEEDBACK_REQUEST);
    expect(body.feedback).toContain('129.00 EUR');
  });

  it('reads a price in its currency: 1 500 yen is a small price', async () => {
    const saver = {
      bio: 'Ann is 67, retired, and knits; she watches every price.',
      productAttitudes: 'Waits for discounts and buys store brands on a tight budget.',
    };
    const yen = await post(gateway.app, '/v1/feedback/generate', {
      ...FEEDBACK_REQUEST,
      persona: saver,
      product: { ...FEEDBACK_REQUEST.product, price: '1500', currency: 'JPY' },
    });
    const dollars = await post(gateway.app, '/v1/feedback/generate', {
      ...FEEDBACK_REQUEST,
      persona: saver,
      product: { ...FEEDBACK_REQUEST.product, price: '1500', currency: 'USD' },
    });
    expect(yen.purchase_intent).toBeGreaterThan(dollars.purchase_intent);
  });

  it('falls back to English for a language it does not speak', async () => {
    const body = await post(gateway.app, '/v1/feedback/generate', { ...FEEDBACK_REQUEST, language: 'ja' });
    expect(body.feedback).toMatch(closings.en);
  });

  it('gives a higher purchase intent when the product fits the persona', async () => {
    const hiker = {
      bio: 'Tom is 35, a surveyor who spends every weekend hiking and camping in the mountains.',
      productAttitudes: 'Happy to pay for premium quality outdoor gear that lasts; price matters less than performance.',
    };
    const saver = {
      bio: 'Ann is 67, retired, lives alone and rarely leaves the city; she knits and watches television.',
      productAttitudes: 'Watches every price, waits for discounts and buys store brands on a tight budget.',
    };
    const gear = {
      name: 'Summit Pro Hiking Backpack',
      description: 'A premium hiking and camping backpack for mountain trips, with quality materials that last.',
      price: '189.00',
      currency: 'USD',
      category: 'outdoor gear',
      keyFeatures: ['weatherproof hiking fabric', 'camping gear straps', 'mountain frame'],
    };
    for (const language of ['en', 'de', 'es']) {
      const fits = await post(gateway.app, '/v1/feedback/generate', { persona: hiker, product: gear, language });
      const misfits = await post(gateway.app, '/v1/feedback/generate', { persona: saver, product: gear, language });
      expect(fits.purchase_intent).toBeGreaterThanOrEqual(7);
      expect(misfits.purchase_intent).toBeLessThanOrEqual(4);
      expect(misfits.key_concerns).toContain(PHRASES[language as Language].concerns.price);
    }
  });
});

describe('offline themes', () => {
  it('group concerns by what they name, counting every mention once', async () => {
    const concerns = [
      ...Array(4).fill('The price is too high for my budget'),
      'Too expensive for what it is',
      'Worried about what happens to my data',
      'Ongoing subscription costs',
      'Unknown brand, hard to trust without reviews',
      'Looks complicated to set up and use',
      'Battery dies fast',
      'battery dies fast',
    ];
    const body = await post(gateway.app, '/v1/themes/aggregate', { concerns });
    expect(Compile(AiAggregateThemesResponse).Check(body)).toBe(true);
    expect(body.themes[0]).toEqual({ theme: 'Price too high', mentions: 5 });
    expect(body.themes).toContainEqual({ theme: 'Battery dies fast', mentions: 2 });
    expect(body.themes.length).toBeGreaterThanOrEqual(5);
    expect(body.themes.length).toBeLessThanOrEqual(7);
    expect(body.themes.reduce((sum: number, t: { mentions: number }) => sum + t.mentions, 0)).toBe(concerns.length);
  });

  it('label themes in the language of the concerns and never exceed seven', async () => {
    const concerns = [...Object.values(PHRASES.ru.concerns), 'Неудобная застёжка', 'Слишком тяжёлый'];
    const body = await post(gateway.app, '/v1/themes/aggregate', { concerns });
    expect(body.themes).toHaveLength(7);
    expect(body.themes.map((t: { theme: string }) => t.theme)).toContain('Другие опасения');
    expect(body.themes.reduce((sum: number, t: { mentions: number }) => sum + t.mentions, 0)).toBe(concerns.length);
  });

  it('answer an empty list without calling a model', async () => {
    const body = await post(gateway.app, '/v1/themes/aggregate', { concerns: [] });
    expect(body).toMatchObject({ themes: [], metadata: { attempts: 0, simulated: true } });
  });
});

describe('offline answers under the network validation', () => {
  it('pass the same answer schemas for many varied requests', async () => {
    const provider = createOfflineProvider({ seed: 'validation' });
    const personaList = answerFormat(AiGeneratePersonasResponse.properties.personas, 'array');
    const countries = [
      'RU',
      'US',
      'GB',
      'DE',
      'FR',
      'IT',
      'ES',
      'BR',
      'CN',
      'IN',
      'JP',
      'KR',
      'MX',
      'CA',
      'AU',
      'NL',
      'SE',
      'PL',
      'TR',
      'NG',
      'ZZ',
    ];
    for (const [i, country] of countries.entries()) {
      const task: AiTask = {
        operation: 'personas',
        request: { count: 10, demographics: { country, minAge: 16 + i, maxAge: 90, gender: i % 3 === 0 ? 'MALE' : undefined } as never },
      };
      const answer = await provider.complete({ use: 'personas', messages: [], sampling: { temperature: 0 }, task }, {} as never);
      const accepted = acceptAnswer(answer.content, personaList);
      expect(accepted.ok, `${country}: ${JSON.stringify(accepted)}`).toBe(true);
      if (accepted.ok) expect(new Set(accepted.value.map((p) => p.name)).size).toBe(10);
    }
  });
});

describe('offline concern phrases', () => {
  it('are each recognised as the kind they were written for, in every language', async () => {
    const { concernKindOf } = await import('../src/providers/offline/phrases.js');
    for (const [language, phrases] of Object.entries(PHRASES)) {
      for (const [kind, phrase] of Object.entries(phrases.concerns)) {
        expect(concernKindOf(phrase), `${language} ${kind}: ${phrase}`).toBe(kind);
      }
    }
  });
});

describe('offline language detection', () => {
  it("names the language of each language's concern phrases taken together", () => {
    for (const [language, phrases] of Object.entries(PHRASES)) {
      expect(languageOf(Object.values(phrases.concerns).join('. ')), language).toBe(language);
    }
  });
});
