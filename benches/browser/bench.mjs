// The package as a storefront's page uses it, in headless Chromium and, measured the same
// way (benches/support/quote-curve.mjs), in Node.js, Deno and Bun. Each round is one
// visit in a fresh browser process with a new profile (nothing cached) and one fresh
// process of each other runtime, the runtimes taking turns. The page
// (benches/browser/page.js) is served by scripts/serve-demo.mjs, cross-origin isolated so
// that its clock reads to 5 µs. Every quote is checked against the native one. Needs
// pkg/ (scripts/build-pkg.sh), the inputs (cargo run --release --example bench_inputs --
// target/bench-inputs), /usr/bin/chromium and the workspace's npm packages (deno, bun).
// BENCH_LATENCY_MS adds that many milliseconds to every request of the page (Chromium's
// network emulation), as a storefront's shoppers wait for a server farther than this one.
//
//   node benches/browser/bench.mjs [ROUNDS] [OUT_JSON]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BATCH, CURVE_BATCHES, median } from '../support/quote-curve.mjs';
import { addLatency, launchChromium } from '../../tests/support/chromium.mjs';
import { startDemoServer } from '../../tests/support/demo-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rounds = Number(process.argv[2] ?? 9);
const outFile = resolve(process.argv[3] ?? join(root, 'target/bench-results/browser.json'));
const log = (...a) => console.error('[bench:browser]', ...a);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);

if (!Number.isInteger(rounds) || rounds < 1 || !(latencyMs >= 0)) {
  console.error('usage: [BENCH_LATENCY_MS=MS] node benches/browser/bench.mjs [ROUNDS] [OUT_JSON]');
  process.exit(2);
}

const bin = (name) => join(root, 'node_modules/.bin', name);
const curveScript = join(root, 'benches/node/quote-curve.mjs');
const processArgs = [join(root, 'pkg'), join(root, 'target/bench-inputs')];
const servers = [
  ['node', process.execPath, [curveScript, ...processArgs]],
  ['deno', bin('deno'), ['run', '-A', curveScript, ...processArgs]],
  ['bun', bin('bun'), [curveScript, ...processArgs]],
];

async function visit(origin) {
  const { context, profile } = await launchChromium('cb-bench-');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (latencyMs > 0) await addLatency(context, page, latencyMs);
    await page.goto(`${origin}/benches/browser/page.html`);
    await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 300_000 });
    const result = await page.evaluate(() => globalThis.benchResult);
    if (result.error) throw new Error(result.error);
    if (!result.crossOriginIsolated) throw new Error('the page is not cross-origin isolated');
    return result;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const f = (x) => x.toFixed(1);
const byRuntime = { chromium: [], node: [], deno: [], bun: [] };
const { child: server, url } = await startDemoServer();
const { origin } = new URL(url);
try {
  for (let r = 0; r < rounds; r += 1) {
    byRuntime.chromium.push(await visit(origin));
    for (const [name, command, args] of servers) {
      const out = execFileSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
      byRuntime[name].push(JSON.parse(out.trim().split('\n').at(-1)));
    }
    log(`round ${r + 1}/${rounds}: steady µs`,
      Object.entries(byRuntime).map(([name, runs]) => `${name} ${f(runs.at(-1).steadyUs)}`).join(', '));
  }
} finally {
  server.kill();
}

// Medians over the rounds. `curveUs`: per-call µs of quotes 2 to 20,001, in spans of
// growing length (each span's median over the rounds of the mean of its batches). A span
// counts the curve's quotes from 1, the first being the page's second quote.
const spans = [[1, 50], [51, 250], [251, 1000], [1001, 2000], [2001, 5000], [5001, 10000], [10001, CURVE_BATCHES * BATCH]];
const summarise = (runs) => {
  const pick = (key) => median(runs.map((r) => r[key]));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    runtime: runs[0].runtime,
    importMs: pick('importMs'),
    programMs: pick('programMs'),
    coldStartMs: median(runs.map((r) => r.importMs + r.programMs)),
    firstQuoteMs: pick('firstQuoteMs'),
    curveUs: spans.map(([from, to]) => ({
      quotes: [from + 1, to + 1],
      us: median(runs.map((r) => mean(r.batchesUs.slice((from - 1) / BATCH, to / BATCH)))),
    })),
    steadyUs: pick('steadyUs'),
    parseUs: pick('parseUs'),
    textUs: pick('textUs'),
    runs: runs.map(({ batchesUs: _b, ...rest }) => rest),
  };
};
const summary = { rounds, latencyMs, batch: BATCH, runtimes: Object.fromEntries(Object.entries(byRuntime).map(([k, v]) => [k, summarise(v)])) };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(summary, null, 2));
for (const [name, s] of Object.entries(summary.runtimes)) {
  log(`${name} (${s.runtime.slice(0, 60)}), medians of ${rounds}: import ${f(s.importMs)} ms + program ${f(s.programMs)} ms`
    + ` = ${f(s.coldStartMs)} ms; first quote ${f(s.firstQuoteMs)} ms; steady ${f(s.steadyUs)} µs`
    + ` (JSON.parse ${f(s.parseUs)} µs, text ${f(s.textUs)} µs)`);
  log(`  µs per quote, ${s.curveUs.map(({ quotes, us }) => `${quotes[0]}-${quotes[1]}: ${f(us)}`).join(', ')}`);
}
log('wrote', outFile);
