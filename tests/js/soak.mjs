// Memory soak of the npm package in one Node process:
//   1. a rejected request (and a rejected program) leaves the engine usable: the next
//      quote is byte-identical to the one before the error;
//   2. SOAK_QUOTES quotes (default 1,000,000) through quoteJson, quote(object) and the
//      prepared-customer fast path, with a bad request every 1,000th, measuring
//      process.memoryUsage() every SOAK_QUOTES / 10 quotes.
// Memory must stay flat: after the first tenth (warm-up), rss and the external and
// array-buffer memory (where the Wasm memory lives) may not grow by more than
// SOAK_MAX_GROWTH_MB (default 32).
//
//   bash scripts/build-pkg.sh && node tests/js/soak.mjs
//   SOAK_QUOTES=100000 node tests/js/soak.mjs     # a quick run
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkgDir = join(root, 'pkg');
const TOTAL = Number(process.env.SOAK_QUOTES || 1_000_000);
const MAX_GROWTH_MB = Number(process.env.SOAK_MAX_GROWTH_MB || 32);

function nodeEntry() {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  let entry = manifest.exports?.['.'] ?? manifest.exports ?? manifest.main;
  for (const condition of ['node', 'import', 'default']) {
    if (entry && typeof entry === 'object' && condition in entry) entry = entry[condition];
  }
  return join(pkgDir, entry);
}

const { Engine, CheckoutBenefitsError } = await import(pathToFileURL(nodeEntry()).href);
const read = (p) => readFileSync(join(root, p), 'utf8');
const program = JSON.parse(read('examples/seed-program.json'));
const requestTexts = ['examples/seed-request-150.json', 'examples/seed-request-60.json', 'examples/seed-request-49.99.json'].map(
  (p) => JSON.stringify(JSON.parse(read(p))),
);
const requests = requestTexts.map((t) => JSON.parse(t));

const engine = new Engine(program);
const expected = requestTexts.map((t) => engine.quoteJson(t));

// 1. Errors leave the engine usable.
const badRequests = [
  '{',
  '{"now":"2026-11-22T10:00:00Z","cart":{"currency":"USD","lines":[]}}',
  '{"now":"2026-11-22T10:00:00","cart":{"currency":"EUR","lines":[]}}',
  '{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[{"id":"a","productId":"p","unitPrice":"NaN","quantity":1}]}}',
  '{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[{"id":"a","productId":"p","unitPrice":"1","quantity":-1}]}}',
  '{"now":"2026-11-22T10:00:00Z","__proto__":{"x":1},"cart":{"currency":"EUR","lines":[]}}',
  'x'.repeat(4 * 1024 * 1024 + 1),
];
for (const bad of badRequests) {
  assert.throws(() => engine.quoteJson(bad), (e) => e instanceof CheckoutBenefitsError && e instanceof Error && typeof e.code === 'string');
  requestTexts.forEach((t, i) => assert.equal(engine.quoteJson(t), expected[i], 'the engine still quotes the same after an error'));
}
assert.throws(() => engine.quote({ now: 'yesterday', cart: {} }), CheckoutBenefitsError);
assert.throws(() => new Engine({ version: 2, currency: 'EUR' }), CheckoutBenefitsError);
// A customer prepared by another engine (whose groups and statuses it holds) is refused.
const other = new Engine({ version: 1, currency: 'EUR', groups: [{ id: 'a' }, { id: 'b', default: true }] });
const preparedElsewhere = other.prepareCustomer(requests[0].customer);
const cartRequest = { now: requests[0].now, cart: requests[0].cart };
assert.throws(
  () => engine.quoteFor(preparedElsewhere, cartRequest),
  (e) => e instanceof CheckoutBenefitsError && e.code === 'invalid_request' && e.path === 'customer' && /another engine/.test(e.message),
);
assert.throws(() => engine.quoteForJson(preparedElsewhere, JSON.stringify(cartRequest)), CheckoutBenefitsError);
assert.equal(JSON.stringify(other.quoteFor(preparedElsewhere, cartRequest)).includes('"group":"b"'), true);
other.free();
requestTexts.forEach((t, i) => assert.equal(JSON.stringify(engine.quote(requests[i])), expected[i]));
console.log(`soak: the engine survives ${badRequests.length + 4} rejected inputs and quotes identically afterwards`);

// 2. A million quotes.
const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
const sample = (done) => {
  const m = process.memoryUsage();
  return { quotes: done, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external), arrayBuffersMB: mb(m.arrayBuffers) };
};
const customer = requests[0].customer;
const prepared = engine.prepareCustomer ? engine.prepareCustomer(customer) : null;
const samples = [sample(0)];
const every = Math.max(1, Math.floor(TOTAL / 10));
const start = process.hrtime.bigint();
let errors = 0;
for (let i = 1; i <= TOTAL; i += 1) {
  const k = i % 3;
  if (i % 1000 === 0) {
    try {
      engine.quoteJson(badRequests[i % badRequests.length]);
    } catch {
      errors += 1;
    }
  } else if (i % 4 === 0) {
    const q = engine.quoteJson(requestTexts[k]);
    if (q.length !== expected[k].length) throw new Error(`quote ${i} differs`);
  } else if (i % 4 === 1 || !prepared) {
    const q = engine.quote(requests[k]);
    if (q.totals.subtotal === undefined) throw new Error(`quote ${i} has no totals`);
  } else {
    const q = engine.quoteFor(prepared, { now: requests[k].now, cart: requests[k].cart });
    if (q.totals.subtotal === undefined) throw new Error(`quote ${i} has no totals`);
  }
  if (i % every === 0) samples.push(sample(i));
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
requestTexts.forEach((t, i) => assert.equal(engine.quoteJson(t), expected[i]));
globalThis.gc?.();
const end = sample(TOTAL);
console.table(samples);
const warm = samples[1] ?? samples[0];
const last = samples[samples.length - 1];
const growth = {
  rssMB: mb((last.rssMB - warm.rssMB) * 1024 * 1024),
  externalMB: mb((last.externalMB - warm.externalMB) * 1024 * 1024),
  arrayBuffersMB: mb((last.arrayBuffersMB - warm.arrayBuffersMB) * 1024 * 1024),
};
console.log(
  JSON.stringify({ quotes: TOTAL, rejected: errors, seconds: Math.round(seconds * 10) / 10, quotesPerSecond: Math.round(TOTAL / seconds), growthAfterWarmUp: growth, end }),
);
assert.ok(errors > 0 || TOTAL < 1000, 'bad requests were rejected along the way');
for (const [k, v] of Object.entries(growth)) {
  assert.ok(v <= MAX_GROWTH_MB, `${k} grew by ${v} MB after warm-up (limit ${MAX_GROWTH_MB} MB)`);
}
console.log('soak: memory stayed flat');
