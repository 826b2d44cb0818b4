// Median quoteJson time of several builds of the package, for the build-profile
// comparison in BENCHMARKS.md (scripts/bench.sh builds the same sources at several
// opt-levels). The builds are loaded side by side in this one process and measured in
// alternating rounds, so that a slow spell of a shared machine does not fall on one
// build only; each figure is the lowest of the rounds' medians.
//
// node benches/node/profile-time.mjs INPUT_DIR PKG_DIR...   (prints one JSON object)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [inputs, ...pkgDirs] = process.argv.slice(2).map((p) => resolve(p));
const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 2 : 5;
const read = (name) => readFileSync(join(inputs, name), 'utf8');
const cases = ['typical', 'lines-200', 'large'];

function median(fn, seconds) {
  const stop = (s) => process.hrtime.bigint() + BigInt(Math.round(s * 1e9));
  for (let end = stop(seconds / 3); process.hrtime.bigint() < end; ) fn();
  const samples = [];
  for (let end = stop(seconds); samples.length < 30 || process.hrtime.bigint() < end; ) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0));
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

const builds = [];
for (const dir of pkgDirs) {
  const { Engine } = await import(join(dir, 'index.node.js'));
  const quotes = {};
  for (const name of cases) {
    const engine = new Engine(JSON.parse(read(`${name}-program.json`)));
    const request = read(`${name}-request.json`);
    if (engine.quoteJson(request) !== read(`${name}-quote.json`).trim()) {
      throw new Error(`${dir}: the ${name} quote differs from the native one`);
    }
    quotes[name] = () => engine.quoteJson(request);
  }
  builds.push({ dir, quotes, best: {} });
}
for (let round = 0; round < rounds; round++) {
  for (const name of cases) {
    for (const b of builds) {
      const ns = median(b.quotes[name], quick ? 0.1 : 0.4);
      b.best[name] = Math.min(b.best[name] ?? Infinity, ns);
    }
  }
}
console.log(JSON.stringify(Object.fromEntries(builds.map((b) => [b.dir, b.best]))));
