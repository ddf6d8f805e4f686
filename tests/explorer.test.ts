import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// CI installs Debian's chromium and sets REQUIRE_BROWSER=1, so there this test never skips.
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.REQUIRE_BROWSER) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);

let t: TestGraph;
let browser: Browser;

beforeAll(async () => {
  if (!hasBrowser) return;
  t = await startTestGraph();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe.skipIf(!hasBrowser)('the explorer page (headless Chromium)', () => {
  it('loads from the gateway alone (no CDN) and runs the example query', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(t.graph.url.replace(/\/graphql$/, ''))) outside.push(request.url());
    });
    await page.goto(t.graph.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // The first example tab is the admin's, with its token in the headers editor.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('"totalCount"'), undefined, { timeout: 30_000 });
    const result = await page.textContent('.result-window');
    expect(result).toContain('华为官方旗舰店');
    expect(result).not.toContain('"errors"');
    expect(outside).toEqual([]);
    await page.close();
  });
});
