// Median quoteJson time of one package build, for the build-profile comparison in
// BENCHMARKS.md (scripts/bench.sh builds the same sources at several opt-levels).
//
// node benches/node/profile-time.mjs PKG_DIR INPUT_DIR   (prints one JSON line)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [pkgDir, inputs] = process.argv.slice(2).map((p) => resolve(p));
const quick = process.env.BENCH_QUICK === '1';
const { Engine } = await import(join(pkgDir, 'index.node.js'));
const read = (name) => readFileSync(join(inputs, name), 'utf8');

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

const out = {};
for (const name of ['typical', 'lines-200', 'large']) {
  const engine = new Engine(JSON.parse(read(`${name}-program.json`)));
  const request = read(`${name}-request.json`);
  if (engine.quoteJson(request) !== read(`${name}-quote.json`).trim()) {
    throw new Error(`${pkgDir}: the ${name} quote differs from the native one`);
  }
  out[name] = median(() => engine.quoteJson(request), quick ? 0.3 : 1.5);
}
console.log(JSON.stringify(out));
