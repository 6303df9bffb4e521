import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { resolveServiceUrls, tokenCachePath } from '../src/config.js';
import { UserError } from '../src/errors.js';
import { productFromFlags, productsFromFile, productsFromJson } from '../src/input/products.js';
import { sessionRequestFromFlags } from '../src/input/session-request.js';
import { runCli } from './run-cli.js';

const PRODUCT_ID = '6f1c2a54-1111-4111-8111-111111111111';
const PERSONA_ID = '6f1c2a54-2222-4222-8222-222222222222';
const shoe = {
  name: 'Trail shoe',
  description: 'A light trail running shoe',
  price: '129.00',
  category: 'Footwear',
  feature: ['grippy sole'],
};

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('product from flags', () => {
  test('builds the product input from the flags', () => {
    expect(productFromFlags(shoe)).toEqual({
      name: 'Trail shoe',
      description: 'A light trail running shoe',
      price: '129.00',
      category: 'Footwear',
      keyFeatures: ['grippy sole'],
    });
  });

  test('takes the currency of the price from --currency, in capitals', () => {
    expect(productFromFlags({ ...shoe, currency: 'eur' })).toMatchObject({ price: '129.00', currency: 'EUR' });
  });

  test('says when --currency is not an ISO 4217 code', () => {
    expect(messageOf(() => productFromFlags({ ...shoe, currency: 'euro' }))).toContain(
      '--currency: has an invalid format (ISO 4217 code, e.g. USD, EUR)',
    );
  });

  test('names each missing or invalid flag', () => {
    const message = messageOf(() => productFromFlags({ name: 'Trail shoe', price: '12.345', feature: ['ok', ' '] }));
    expect(message).toContain('--description: is required');
    expect(message).toContain('--category: is required');
    expect(message).toContain('--price: has an invalid value (Non-negative, at most two decimals, e.g. "19.99")');
    expect(message).toContain('--feature #2: must not be blank');
  });
});

describe('products from a file', () => {
  test('reads one product or an array of them', () => {
    const product = { name: 'A', description: 'B', price: 3, category: 'C', keyFeatures: [] };
    expect(productsFromJson(JSON.stringify(product), 'p.json')).toEqual([product]);
    expect(productsFromJson(JSON.stringify([product, { ...product, name: 'D' }]), 'p.json')).toHaveLength(2);
  });

  test('names the file and the failing fields by their path', () => {
    const message = messageOf(() =>
      productsFromJson(
        JSON.stringify([{ name: 'A', description: 'B', price: -1, category: 'C', keyFeatures: [], colour: 'red' }]),
        'p.json',
      ),
    );
    expect(message).toMatch(/^p\.json is not a valid product/);
    expect(message).toContain('[0].price: has an invalid value');
    expect(message).toContain('[0].colour: is not a known field');
  });

  test('says when the file is not JSON', () => {
    expect(messageOf(() => productsFromJson('{ name: ', 'p.json'))).toMatch(/^p\.json is not valid JSON/);
  });

  test('says when the file cannot be read', async () => {
    await expect(productsFromFile('missing.json', tmpdir())).rejects.toThrow('Cannot read --product-file missing.json: ENOENT');
  });
});

describe('session flags', () => {
  test('turns audience flags into a target audience with a persona count', () => {
    expect(
      sessionRequestFromFlags(
        {
          language: 'en',
          productId: [PRODUCT_ID],
          personas: 4,
          gender: ['female'],
          ageRange: ['18-25', '26-35'],
          region: ['Bavaria'],
          income: ['middle'],
          country: 'de',
        },
        0,
      ),
    ).toEqual({
      language: 'en',
      personaCount: 4,
      audience: { genders: ['FEMALE'], ageRanges: ['18-25', '26-35'], regions: ['Bavaria'], incomeLevels: ['middle'], country: 'DE' },
    });
  });

  test('takes a persona count alone as any audience', () => {
    expect(sessionRequestFromFlags({ language: 'en', personas: 2 }, 1)).toEqual({ language: 'en', personaCount: 2, audience: {} });
  });

  test('takes persona ids instead of an audience', () => {
    expect(sessionRequestFromFlags({ language: 'de', productId: [PRODUCT_ID], personaId: [PERSONA_ID] }, 0)).toEqual({
      language: 'de',
      personaIds: [PERSONA_ID],
    });
  });

  test('refuses persona ids together with an audience', () => {
    expect(
      messageOf(() => sessionRequestFromFlags({ language: 'en', productId: [PRODUCT_ID], personaId: [PERSONA_ID], personas: 3 }, 0)),
    ).toMatch(/--persona-id cannot be combined with --personas/);
  });

  test('asks for a persona count when audience flags are given', () => {
    expect(messageOf(() => sessionRequestFromFlags({ language: 'en', gender: ['MALE'] }, 1))).toMatch(
      /^--personas N is required with --gender/,
    );
  });

  test('asks for a panel and for a product', () => {
    expect(messageOf(() => sessionRequestFromFlags({ language: 'en' }, 1))).toMatch(/^Choose the panel/);
    expect(messageOf(() => sessionRequestFromFlags({ language: 'en', personas: 3 }, 0))).toMatch(/^Name a product to study/);
  });

  test('names every invalid flag with its position', () => {
    const message = messageOf(() =>
      sessionRequestFromFlags(
        { language: 'english', productId: ['nope', PRODUCT_ID, PRODUCT_ID], personas: 0, gender: ['other'], ageRange: ['young'] },
        0,
      ),
    );
    expect(message).toContain('--product-id #1: must be a UUID');
    expect(message).toContain('--product-id: must not repeat a value');
    expect(message).toContain('--language: has an invalid format (ISO 639-1 code of the feedback text, e.g. "en")');
    expect(message).toContain('--personas: must be >= 1');
    expect(message).toContain('--gender #1: must be one of MALE, FEMALE');
    expect(message).toContain('--age-range #1: has an invalid format (e.g. 18-25, 26-35, 36-45, 46+)');
  });
});

describe('service URLs and the token cache', () => {
  test('takes a flag over the environment over --base-url over the local default', () => {
    expect(
      resolveServiceUrls(
        { authUrl: 'http://a:1/', baseUrl: 'https://gw.example' },
        { PRODUCT_API_URL: 'http://p:2', PERSONA_SERVICE_URL: 'http://s:3' },
      ),
    ).toEqual({
      auth: 'http://a:1',
      products: 'http://p:2',
      personas: 'http://s:3',
      feedback: 'https://gw.example',
    });
    expect(resolveServiceUrls({}, {})).toEqual({
      auth: 'http://127.0.0.1:3001',
      products: 'http://127.0.0.1:3002',
      personas: 'http://127.0.0.1:3003',
      feedback: 'http://127.0.0.1:3004',
    });
  });

  test('refuses a URL that is not http(s)', () => {
    expect(() => resolveServiceUrls({ feedbackUrl: 'ftp://x' }, {})).toThrow('--feedback-url: "ftp://x" is not an http(s) URL');
  });

  test('keeps the token under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(tokenCachePath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/ann' })).toBe('/x/cfg/persona-lab/token.json');
    expect(tokenCachePath({ HOME: '/var/users/ann' })).toBe('/var/users/ann/.config/persona-lab/token.json');
  });
});

describe('command line', () => {
  const env = { AUTH_API_URL: 'http://127.0.0.1:9', XDG_CONFIG_HOME: path.join(tmpdir(), 'persona-lab-cli-unused') };

  test('exits 1 with the flag named when a value is not a number', async () => {
    const run = await runCli(['research', '--personas', 'many'], { env, cwd: tmpdir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '--personas <n>' argument 'many' is invalid. must be a whole number");
  });

  test('exits 1 on an unknown flag', async () => {
    const run = await runCli(['research', '--colour', 'red'], { env, cwd: tmpdir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option '--colour'");
  });

  test('checks every flag before calling a service', async () => {
    const run = await runCli(['research', '--name', 'Trail shoe', '--personas', '3'], { env, cwd: tmpdir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: The product flags are not valid:\n  - --description: is required');
    expect(run.stderr).not.toContain('not reachable');
  });

  test('checks a product file before calling a service', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'persona-lab-cli-'));
    await writeFile(
      path.join(dir, 'product.json'),
      JSON.stringify({ name: 'A', description: 'B', price: 'cheap', category: 'C', keyFeatures: [] }),
    );
    const run = await runCli(['research', '--product-file', 'product.json', '--personas', '3'], { env, cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('product.json is not a valid product (fields of POST /products):\n  - price: has an invalid value');
  });

  test('prints the help with exit code 0', async () => {
    const run = await runCli(['research', '--help'], { env, cwd: tmpdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: persona-lab research [options]');
    expect(run.stdout).toContain('--age-range <range>');
  });
});
