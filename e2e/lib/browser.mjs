// Debian's Chromium, headless, each browser with a fresh profile (user-data-dir), driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

mkdirSync(ARTIFACTS, { recursive: true });

/** A new browser with an empty profile, and its one page; {@code close()} removes the profile. */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'latchkey-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 900, height: 1100 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return {
    context,
    page,
    consoleLines,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until the page shows {@code screen} (body[data-screen]); on a timeout, says what the page shows instead. */
export async function waitForScreen(page, screen, timeout = 15000) {
  try {
    await page.waitForSelector(`body[data-screen="${screen}"]`, { timeout });
  } catch (e) {
    const shown = await page.evaluate(() => document.body.dataset.screen);
    const error = await page.locator('#error').textContent();
    throw new Error(`expected screen ${screen}, page shows ${shown}; error: ${error}`);
  }
}
