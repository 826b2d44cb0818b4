// The npm package in Node.js: quote(object), quoteJson(text) and the prepared-customer
// path (quoteFor) for the typical and the large inputs, JSON.parse of the request text as
// the floor, quote time against cart size, cold start in fresh processes, the .wasm size,
// and the json-rules-engine peer on the same inputs with its answers checked.
//
// node benches/node/bench.mjs [INPUT_DIR] [OUT_JSON]   (inputs: cargo run --example bench_inputs)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { median } from '../support/quote-curve.mjs';
import { buildPeer, samePeerAnswer } from './peer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const inputs = resolve(process.argv[2] ?? join(root, 'target/bench-inputs'));
const outFile = resolve(process.argv[3] ?? join(root, 'target/bench-results/node.json'));
const pkgDir = join(root, 'pkg');
const quick = process.env.BENCH_QUICK === '1';

const log = (...a) => console.error('[bench:node]', ...a);

// Cold start first, while this process is small and idle. Measured after the other
// benchmarks (whose samples make a heap of a few hundred MB), the same package's fresh
// processes took 10.15 ms where they took 8.61 ms started alone right after.
log('cold start (fresh processes)');
const child = join(dirname(fileURLToPath(import.meta.url)), 'cold-start.mjs');
const runs = [];
const bare = [];
for (let i = 0; i < (quick ? 3 : 15); i += 1) {
  const node = (...args) => JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8' }));
  runs.push(node('package', pkgDir, join(inputs, 'typical-program.json')));
  bare.push(node('bare', pkgDir));
}
const coldStart = {
  runs: runs.length,
  importMs: median(runs.map((r) => r.importMs)),
  compileProgramMs: median(runs.map((r) => r.compileProgramMs)),
  totalMs: median(runs.map((r) => r.totalMs)),
  maxTotalMs: Math.max(...runs.map((r) => r.totalMs)),
  wasmCompileMs: median(bare.map((r) => r.wasmCompileMs)),
  wasmCompileInstantiateMs: median(bare.map((r) => r.wasmCompileInstantiateMs)),
};

const { Engine } = await import(join(pkgDir, 'index.node.js'));

const read = (name) => readFileSync(join(inputs, name), 'utf8');

// Several functions measured in interleaved rounds, so that a noisy moment of a shared
// machine hits all of them alike: each round gives every function about
// seconds / rounds (and at least minIter calls). Per function: the median of its quietest
// round (`medianNs`), the median of every round (`roundMediansNs`), and p99 and min over
// all samples.
async function measureInterleaved(fns, { rounds = quick ? 2 : 5, seconds = quick ? 0.6 : 3, warmup = quick ? 0.1 : 0.3, minIter = 10 } = {}) {
  const names = Object.keys(fns);
  const all = Object.fromEntries(names.map((n) => [n, []]));
  const roundMedians = Object.fromEntries(names.map((n) => [n, []]));
  for (const { fn } of Object.values(fns)) {
    const stop = process.hrtime.bigint() + BigInt(Math.round(warmup * 1e9));
    while (process.hrtime.bigint() < stop) await fn();
  }
  for (let r = 0; r < rounds; r += 1) {
    for (const [name, { fn, isAsync }] of Object.entries(fns)) {
      const samples = [];
      const stop = process.hrtime.bigint() + BigInt(Math.round((seconds / rounds) * 1e9));
      while (samples.length < minIter || process.hrtime.bigint() < stop) {
        const t0 = process.hrtime.bigint();
        if (isAsync) await fn();
        else fn();
        samples.push(Number(process.hrtime.bigint() - t0));
      }
      samples.sort((a, b) => a - b);
      roundMedians[name].push(samples[samples.length >> 1]);
      // Not `push(...samples)`: a fast function gives more samples than a call takes
      // arguments.
      for (const s of samples) all[name].push(s);
    }
  }
  return Object.fromEntries(names.map((name) => {
    const s = all[name].sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return [name, {
      iterations: s.length,
      medianNs: Math.min(...roundMedians[name]),
      roundMediansNs: roundMedians[name],
      p99Ns: at(0.99),
      minNs: s[0],
    }];
  }));
}

// One function in one round, after a warm-up.
async function measure(fn, { seconds = quick ? 0.3 : 1.5, warmup = quick ? 0.1 : 0.5, minIter = 30 } = {}) {
  return (await measureInterleaved({ one: { fn } }, { rounds: 1, seconds, warmup, minIter })).one;
}

const results = { node: process.version, cases: {}, lines: [], checks: [] };
const check = (ok, what) => {
  results.checks.push({ ok, what });
  if (!ok) log('CHECK FAILED:', what);
};

for (const name of ['typical', 'large']) {
  const programText = read(`${name}-program.json`);
  const requestText = read(`${name}-request.json`);
  const expected = read(`${name}-quote.json`);
  const program = JSON.parse(programText);
  const request = JSON.parse(requestText);
  const engine = new Engine(program);
  const prepared = engine.prepareCustomer(request.customer);
  const cartOnly = { now: request.now, cart: request.cart };
  const cartOnlyText = JSON.stringify(cartOnly);

  const viaJson = engine.quoteJson(requestText);
  check(viaJson === expected, `${name}: quoteJson is byte-identical to the native quote`);
  check(JSON.stringify(engine.quote(request)) === expected, `${name}: JSON.stringify(quote(object)) is byte-identical`);
  check(JSON.stringify(engine.quoteFor(prepared, cartOnly)) === expected, `${name}: quoteFor gives the same quote`);
  check(engine.quoteForJson(prepared, cartOnlyText) === expected, `${name}: quoteForJson gives the same quote`);

  const peer = buildPeer(program);
  const peerAnswer = await peer(request);
  const problems = samePeerAnswer(peerAnswer, JSON.parse(expected));
  check(problems.length === 0, `${name}: json-rules-engine peer gives the same segments, offer, bracket and discount${problems.length ? ': ' + problems.join('; ') : ''}`);

  log(name, 'timing');
  const timed = await measureInterleaved({
    quote: { fn: () => engine.quote(request) },
    quoteJson: { fn: () => engine.quoteJson(requestText) },
    quoteFor: { fn: () => engine.quoteFor(prepared, cartOnly) },
    quoteForJson: { fn: () => engine.quoteForJson(prepared, cartOnlyText) },
    jsonParse: { fn: () => JSON.parse(requestText) },
    // What quote(object) pays in JavaScript before and after the engine's own work: the
    // request written as text, the quote's text read back as objects.
    jsonStringify: { fn: () => JSON.stringify(request) },
    jsonStringifyCart: { fn: () => JSON.stringify(cartOnly) },
    quoteParse: { fn: () => JSON.parse(viaJson) },
  });
  // The peer allocates far more JavaScript garbage: timed in its own rounds, so that its
  // collections do not land on the engine's calls.
  // `peerFromText` starts from the request text, as `quoteJson` does: JSON.parse, then the
  // peer.
  const peerTimed = await measureInterleaved({
    peer: { fn: () => peer(request), isAsync: true },
    peerFromText: { fn: () => peer(JSON.parse(requestText)), isAsync: true },
  });
  const r = {
    requestBytes: requestText.length,
    quoteBytes: viaJson.length,
    ...timed,
    ...peerTimed,
    compile: await measure(() => new Engine(program).free(), { minIter: 20 }),
    peerAnswer: { offer: peerAnswer.offer, segments: peerAnswer.segments.length },
  };
  r.quoteOverParse = r.quoteJson.medianNs / r.jsonParse.medianNs;
  r.quoteObjectOverParse = r.quote.medianNs / r.jsonParse.medianNs;
  r.peerOverQuote = r.peer.medianNs / r.quote.medianNs;
  r.peerFromTextOverQuoteJson = r.peerFromText.medianNs / r.quoteJson.medianNs;
  // quote(object) can take no less than its JSON round trip in JavaScript.
  r.objectRoundTripNs = r.jsonStringify.medianNs + r.quoteParse.medianNs;
  r.preparedRoundTripNs = r.jsonStringifyCart.medianNs + r.quoteParse.medianNs;
  r.peerOverRoundTrip = r.peer.medianNs / r.objectRoundTripNs;
  if (name === 'typical') r.parts = await typicalParts(engine, request);
  results.cases[name] = r;
  prepared.free();
  engine.free();
}

// `s` as a JSON string with the characters at the positions `escape` picks written as
// \uXXXX escapes (as a writer that escapes every character beyond ASCII writes those).
function escapedString(s, escape) {
  const chars = [...s].map((c, i) => (escape(i)
    ? c.split('').map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    : JSON.stringify(c).slice(1, -1)));
  return `"${chars.join('')}"`;
}

// `value` as compact JSON with its string values (not keys) written by `string`.
function writeWith(value, string) {
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) return `[${value.map((v) => writeWith(v, string)).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${writeWith(v, string)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Where a typical quoteJson's time goes: the same request with parts taken away, down to
// the cost of any call (one line, no customer, a program with nothing in it); and the
// same request written with escapes.
async function typicalParts(engine, request) {
  const { customer, ...rest } = request;
  const oneLine = { ...rest, cart: { ...rest.cart, lines: rest.cart.lines.slice(0, 1) } };
  const lines = request.cart.lines.map((l) => ({ ...l, id: `\u0000${l.id}`, productId: `\u0000${l.productId}` }));
  const texts = {
    whole: JSON.stringify(request),
    withoutOrders: JSON.stringify({ ...request, customer: { ...customer, orders: [] } }),
    withoutCustomer: JSON.stringify(rest),
    oneLineWithoutCustomer: JSON.stringify(oneLine),
    // Every cart line's two ids with their first character escaped (marked by a NUL
    // placeholder, then written), and every string written with every other character
    // escaped: the same request, the same quote.
    lineIdsEscaped: writeWith({ ...request, cart: { ...request.cart, lines } }, (v) => (v.startsWith('\u0000')
      ? escapedString(v.slice(1), (i) => i === 0)
      : JSON.stringify(v))),
    everyStringEscaped: writeWith(request, (v) => escapedString(v, (i) => i % 2 === 0)),
  };
  const plainQuote = engine.quoteJson(texts.whole);
  for (const k of ['lineIdsEscaped', 'everyStringEscaped']) {
    check(texts[k].includes('\\u00') && engine.quoteJson(texts[k]) === plainQuote,
      `typical, ${k}: the same quote as the request written plainly`);
  }
  const empty = new Engine({ version: 1, currency: request.cart.currency });
  const fns = Object.fromEntries(Object.entries(texts).map(([k, text]) => [k, { fn: () => engine.quoteJson(text) }]));
  fns.emptyProgram = { fn: () => empty.quoteJson(texts.oneLineWithoutCustomer) };
  const timed = await measureInterleaved(fns, { seconds: quick ? 0.3 : 1.5 });
  empty.free();
  return Object.fromEntries(Object.entries(timed).map(([k, v]) => [k, { bytes: (texts[k] ?? texts.oneLineWithoutCustomer).length, medianNs: v.medianNs }]));
}

log('quote time against cart size');
// Every size in the same interleaved rounds, as the main table: a slow spell of the
// machine falls on all of them, and each keeps the median of its quietest round.
const sizes = [1, 10, 50, 100, 200, 500, 1000];
// Each size by its input's name, and the 200-line cart with ids as long as stores send
// them (UUID lines, gid:// products) in the same rounds.
const sizeInputs = [...sizes.map((n) => [n, `lines-${n}`]), ['storeIds', 'lines-200-store-ids']];
const bySize = {};
const sizeEngines = [];
for (const [key, name] of sizeInputs) {
  const requestText = read(`${name}-request.json`);
  const engine = new Engine(JSON.parse(read(`${name}-program.json`)));
  check(engine.quoteJson(requestText) === read(`${name}-quote.json`), `${name}: quoteJson is byte-identical to the native quote`);
  bySize[key] = { fn: () => engine.quoteJson(requestText) };
  sizeEngines.push(engine);
}
const timedSizes = await measureInterleaved(bySize, { seconds: quick ? 0.3 : 2, minIter: 20 });
for (const n of sizes) results.lines.push({ lines: n, ...timedSizes[n] });
results.storeIds = timedSizes.storeIds;
for (const engine of sizeEngines) engine.free();

results.coldStart = coldStart;

// Gzipped by `gzip -9`, as scripts/check-size.sh and scripts/build-pkg.sh measure it
// (Node's zlib at level 9 gives about 1.2 KB more for the same module).
const wasmPath = join(pkgDir, 'checkout_benefits_bg.wasm');
results.wasm = { rawBytes: readFileSync(wasmPath).length, gzipBytes: execFileSync('gzip', ['-9', '-c', wasmPath]).length };

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(results, null, 2));
log('wrote', outFile);
const failed = results.checks.filter((c) => !c.ok);
if (failed.length) {
  log(`${failed.length} check(s) failed`);
  process.exit(1);
}
