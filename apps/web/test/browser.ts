// Headless Chromium through playwright-core: Debian's /usr/bin/chromium (scripts/install.sh installs
// it), never a downloaded browser. The flags keep it off the network it cannot reach here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
/** With UPDATE_README_SCREENSHOTS=1 the README's pictures (the shots marked `readme`) are taken again, into docs/screenshots. */
export const README_SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Elements that stick out to the right of the viewport (a page a phone would have to scroll sideways). */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { clientWidth: number; scrollWidth: number };
          querySelectorAll(s: string): ArrayLike<{
            getBoundingClientRect(): { right: number };
            tagName: string;
            className: unknown;
            parentElement: { closest(s: string): unknown } | null;
          }>;
        };
      }
    ).document;
    const width = doc.documentElement.clientWidth;
    const page = doc.documentElement.scrollWidth > width ? [`the page (${doc.documentElement.scrollWidth} px)`] : [];
    return page.concat(
      Array.from(doc.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.parentElement?.closest('.table-scroll, .visually-hidden'))
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)
        .slice(0, 10),
    );
  });
}

/** A screenshot of the whole page at `width` px, for a person to look at (and, when asked, for the README); fails when the page is wider than that. */
export async function screenshot(page: Page, name: string, width: number, { fullPage = true, readme = false } = {}): Promise<string> {
  await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
  // Charts re-measure after a resize (ResizeObserver): give the page a moment to settle.
  let wide = await overflowing(page);
  for (let tries = 0; wide.length > 0 && tries < 20; tries += 1) {
    await page.waitForTimeout(50);
    wide = await overflowing(page);
  }
  if (wide.length) throw new Error(`${name} at ${width} px sticks out to the right: ${wide.join(', ')}`);
  const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage });
  if (readme && process.env.UPDATE_README_SCREENSHOTS === '1') {
    await page.screenshot({ path: path.join(README_SCREENSHOT_DIR, `${name}.png`), fullPage });
  }
  return file;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (evaluated by DevTools, so the CSP allows it). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
