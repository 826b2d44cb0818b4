// The package in headless Chromium, as a storefront loads it: in fresh browser processes
// (a new profile each, nothing cached), a page imports the package, compiles the typical
// program and quotes the typical request (benches/browser/page.js), timed with the page's
// own clock (cross-origin isolated: 5 µs resolution). Every quote is checked against
// the native one. Needs pkg/ (scripts/build-pkg.sh), the inputs (cargo run --release
// --example bench_inputs -- target/bench-inputs) and /usr/bin/chromium.
//
//   node benches/browser/bench.mjs [VISITS] [OUT_JSON]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../../tests/support/chromium.mjs';
import { startDemoServer } from '../../tests/support/demo-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const visits = Number(process.argv[2] ?? 9);
const outFile = resolve(process.argv[3] ?? join(root, 'target/bench-results/browser.json'));
const log = (...a) => console.error('[bench:browser]', ...a);

if (!Number.isInteger(visits) || visits < 1) {
  console.error('usage: node benches/browser/bench.mjs [VISITS] [OUT_JSON]');
  process.exit(2);
}

const { child: server, url } = await startDemoServer();
const { origin } = new URL(url);
const results = [];
try {
  for (let v = 0; v < visits; v += 1) {
    const { context, profile } = await launchChromium('cb-bench-');
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${origin}/benches/browser/page.html`);
      await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 120_000 });
      const result = await page.evaluate(() => globalThis.benchResult);
      if (result.error) throw new Error(`visit ${v + 1}: ${result.error}`);
      if (!result.crossOriginIsolated) throw new Error('the page is not cross-origin isolated');
      results.push(result);
      log(`visit ${v + 1}/${visits}: import ${result.importMs.toFixed(1)} ms, program ${result.programMs.toFixed(1)} ms,`
        + ` first quote ${result.firstQuoteMs.toFixed(1)} ms, steady ${result.steadyUs.toFixed(1)} µs`
        + ` (JSON.parse ${result.parseUs.toFixed(1)} µs)`);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  server.kill();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pick = (key) => median(results.map((r) => r[key]));
const batches = results[0].batchesUs.map((_, i) => median(results.map((r) => r.batchesUs[i])));
const summary = {
  visits,
  userAgent: results[0].userAgent,
  importMs: pick('importMs'),
  programMs: pick('programMs'),
  coldStartMs: median(results.map((r) => r.importMs + r.programMs)),
  firstQuoteMs: pick('firstQuoteMs'),
  steadyUs: pick('steadyUs'),
  parseUs: pick('parseUs'),
  textUs: pick('textUs'),
  // Median over the visits of each batch of 50 quotes (quotes 2–51, 52–101, …).
  batchesUs: batches,
  runs: results.map(({ batchesUs: _b, ...r }) => r),
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(summary, null, 2));
const f = (x) => x.toFixed(1);
log(`medians of ${visits} visits: import ${f(summary.importMs)} ms + program ${f(summary.programMs)} ms`
  + ` = ${f(summary.coldStartMs)} ms; first quote ${f(summary.firstQuoteMs)} ms;`
  + ` steady quote ${f(summary.steadyUs)} µs (JSON.parse ${f(summary.parseUs)} µs;`
  + ` encoding the request and decoding the quote ${f(summary.textUs)} µs)`);
log(`µs per quote by batch of 50: ${batches.map(f).join(' ')}`);
log('wrote', outFile);
