// The package as a page uses it, timed the same way in every runtime: the browser's page
// (benches/browser/page.js) and a Node.js, Deno or Bun process
// (benches/node/quote-curve.mjs) run this one function. It times importing the package,
// compiling the typical program, the first quote, then every later quote in batches of
// 50 as the runtime compiles and optimises the engine's code, and last a steady figure.
// Plain ES module, no runtime's own API.

/** Quotes per timed batch. */
export const BATCH = 50;
/** Batches in the curve: quotes 2 to 20,001. */
export const CURVE_BATCHES = 400;
/** Batches timed for the steady figure, after the curve and a second's rest. */
const STEADY_BATCHES = 40;

const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// µs per call of `n` calls of `call`, by the runtime's clock.
const perCallUs = (n, call) => {
  const t = performance.now();
  for (let i = 0; i < n; i += 1) call();
  return ((performance.now() - t) * 1000) / n;
};

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `load()` imports the package (the entry of this runtime) and gives its module;
 * the texts are the typical program, request and native quote.
 */
export async function quoteCurve({ load, programText, requestText, expectedQuote }) {
  const expected = expectedQuote.trim();
  // Let the runtime's own start-up settle before anything is timed.
  await idle(1000);

  // The floor: JSON.parse of the request, before the package is loaded.
  const parseRounds = [];
  for (let r = 0; r < 5; r += 1) parseRounds.push(perCallUs(200, () => JSON.parse(requestText)));

  // The glue's share of a call: encoding the request into bytes and decoding a quote's
  // bytes into a string, as wasm-bindgen does across the boundary.
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const into = new Uint8Array(requestText.length * 3);
  const quoteBytes = encoder.encode(expected);
  const textRounds = [];
  for (let r = 0; r < 5; r += 1) {
    textRounds.push(perCallUs(200, () => {
      encoder.encodeInto(requestText, into);
      decoder.decode(quoteBytes);
    }));
  }

  const t0 = performance.now();
  const { Engine } = await load();
  const t1 = performance.now();
  const engine = new Engine(JSON.parse(programText));
  const t2 = performance.now();
  await idle(500);
  const t3 = performance.now();
  const first = engine.quoteJson(requestText);
  const t4 = performance.now();
  if (first.trim() !== expected) throw new Error('the first quote differs from the native quote');

  // Quotes 2 to 20,001 in batches of 50: the mean µs per call of each batch, as the
  // runtime tiers the code up. A short rest every ten batches lets its background
  // compiler work, as a shopper's pauses would.
  const batches = [];
  for (let b = 0; b < CURVE_BATCHES; b += 1) {
    batches.push(perCallUs(BATCH, () => engine.quoteJson(requestText)));
    if (b % 10 === 9) await idle(50);
  }
  // Then steady: more batches after a second's rest, their median.
  await idle(1000);
  const steady = [];
  for (let b = 0; b < STEADY_BATCHES; b += 1) steady.push(perCallUs(BATCH, () => engine.quoteJson(requestText)));
  const last = engine.quoteJson(requestText);
  if (last.trim() !== expected) throw new Error('a later quote differs from the native quote');
  engine.free();

  return {
    importMs: t1 - t0,
    programMs: t2 - t1,
    firstQuoteMs: t4 - t3,
    batchesUs: batches,
    steadyUs: median(steady),
    parseUs: median(parseRounds),
    textUs: median(textRounds),
  };
}
