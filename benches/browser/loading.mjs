// How a storefront's page loads and calls the package, in headless Chromium, each visit
// in a fresh browser process with a new profile:
// - the time from the page's start until the package is ready, for a page whose one
//   script imports it (load-plain.html) and for one that also names the package's four
//   files in its head (load-preload.html), alternating, with BENCH_LATENCY_MS (default
//   40) added to every request by Chromium's network emulation;
// - a typical quote through a module Web Worker against the same quote on the main
//   thread (worker.html), without added latency;
// - what the import is made of, without added latency (requests.html): a request for each
//   of the package's files, and WebAssembly.compile of the .wasm's bytes.
// Needs pkg/, target/bench-inputs and /usr/bin/chromium (as benches/browser/bench.mjs).
//
//   node benches/browser/loading.mjs [VISITS] [OUT_JSON]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { median } from '../support/quote-curve.mjs';
import { addLatency, launchChromium } from '../../tests/support/chromium.mjs';
import { startDemoServer } from '../../tests/support/demo-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const visits = Number(process.argv[2] ?? 9);
const outFile = resolve(process.argv[3] ?? join(root, 'target/bench-results/browser-loading.json'));
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 40);
const log = (...a) => console.error('[bench:loading]', ...a);

if (!Number.isInteger(visits) || visits < 1 || !(latencyMs >= 0)) {
  console.error('usage: [BENCH_LATENCY_MS=MS] node benches/browser/loading.mjs [VISITS] [OUT_JSON]');
  process.exit(2);
}

async function visit(origin, path, latency) {
  const { context, profile } = await launchChromium('cb-loading-');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (latency > 0) await addLatency(context, page, latency);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/benches/browser/${path}`);
    await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 120_000 }).catch(() => {});
    if (errors.length) throw new Error(`${path}: ${errors.join('; ')}`);
    const result = await page.evaluate(() => globalThis.benchResult);
    if (!result) throw new Error(`${path}: no result`);
    return result;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const runs = { plain: [], preload: [], worker: [], requests: [] };
const { child: server, url } = await startDemoServer();
const { origin } = new URL(url);
try {
  for (let v = 0; v < visits; v += 1) {
    const order = v % 2 ? ['preload', 'plain'] : ['plain', 'preload'];
    for (const kind of order) runs[kind].push((await visit(origin, `load-${kind}.html`, latencyMs)).readyMs);
    runs.worker.push(await visit(origin, 'worker.html', 0));
    runs.requests.push(await visit(origin, 'requests.html', 0));
    log(`visit ${v + 1}/${visits}: ready ${runs.plain.at(-1).toFixed(0)} ms plain, ${runs.preload.at(-1).toFixed(0)} ms`
      + ` with the files in the head; quote ${runs.worker.at(-1).workerUs.toFixed(1)} µs through a worker,`
      + ` ${runs.worker.at(-1).mainThreadUs.toFixed(1)} µs on the main thread`);
  }
} finally {
  server.kill();
}

const summary = {
  visits,
  latencyMs,
  readyMs: { plain: median(runs.plain), preload: median(runs.preload) },
  quoteUs: { worker: median(runs.worker.map((r) => r.workerUs)), mainThread: median(runs.worker.map((r) => r.mainThreadUs)) },
  requestMs: Object.fromEntries(
    Object.keys(runs.requests[0].requestMs).map((file) => [file, median(runs.requests.map((r) => r.requestMs[file]))]),
  ),
  wasmCompileMs: median(runs.requests.map((r) => r.compileMs)),
  runs,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(summary, null, 2));
log(`medians of ${visits}: package ready ${summary.readyMs.plain.toFixed(1)} ms after the page's start,`
  + ` ${summary.readyMs.preload.toFixed(1)} ms with its files in the head (${latencyMs} ms per request);`
  + ` typical quote ${summary.quoteUs.worker.toFixed(1)} µs through a worker, ${summary.quoteUs.mainThread.toFixed(1)} µs on the main thread`);
log(`the import's parts, medians: requests ${Object.entries(summary.requestMs).map(([file, ms]) => `${file} ${ms.toFixed(1)} ms`).join(', ')};`
  + ` WebAssembly.compile of the .wasm ${summary.wasmCompileMs.toFixed(1)} ms`);
log('wrote', outFile);
