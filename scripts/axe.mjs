#!/usr/bin/env node
// Runs axe-core on HTML pages in headless Chromium (Debian's, driven by playwright-core).
// usage: node scripts/axe.mjs [--shots DIR] PAGE.html...
// Prints one JSON object per page: {"page", "violations": [{id, impact, help, targets}]};
// with --shots, a full-page PNG of each page lands in DIR. Exits 1 on any violation, 2 on misuse.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const tools = process.env.AGENDOC_VALIDATORS || join(here, 'target/validators');
const require = createRequire(join(tools, 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = require.resolve('axe-core/axe.min.js');

let args = process.argv.slice(2);
let shots = null;
if (args[0] === '--shots') {
  shots = resolve(args[1]);
  mkdirSync(shots, { recursive: true });
  args = args.slice(2);
}
if (args.length === 0) {
  console.error('usage: node scripts/axe.mjs [--shots DIR] PAGE.html...');
  process.exit(2);
}

// A throwaway profile, so that no state of an earlier run changes what axe sees.
const profile = mkdtempSync(join(tmpdir(), 'agendoc-axe-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1000, height: 800 },
});
let violations = 0;
try {
  const tab = browser.pages()[0] ?? (await browser.newPage());
  for (const page of args) {
    await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready);
    await tab.addScriptTag({ path: axeSource });
    const found = await tab.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    violations += found.length;
    console.log(JSON.stringify({ page, violations: found }));
    if (shots) {
      const name = `${basename(resolve(page, '..'))}-${basename(page).replace(/\.html?$/, '')}.png`;
      await tab.screenshot({ path: join(shots, name), fullPage: true });
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(violations ? 1 : 0);
