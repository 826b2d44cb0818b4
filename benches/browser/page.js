// Runs in the page of benches/browser/bench.mjs: the package's cold start and the time
// of its quotes as V8 compiles and then optimises the engine's code. Reads the benchmark
// inputs from /target/bench-inputs and leaves the figures in `window.benchResult`.
const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// µs per call of `n` calls of `call`, by the page's clock.
const perCallUs = (n, call) => {
  const t = performance.now();
  for (let i = 0; i < n; i += 1) call();
  return ((performance.now() - t) * 1000) / n;
};
const fetchText = async (name) => {
  const res = await fetch(`/target/bench-inputs/${name}`);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res.text();
};

async function run() {
  const programText = await fetchText('typical-program.json');
  const requestText = await fetchText('typical-request.json');
  const expected = (await fetchText('typical-quote.json')).trim();
  // Let the page's own start-up settle before anything is timed.
  await idle(1000);

  // The floor: JSON.parse of the request, in this page, before the package is loaded.
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
  const { Engine } = await import('/pkg/index.browser.js');
  const t1 = performance.now();
  const engine = new Engine(JSON.parse(programText));
  const t2 = performance.now();
  await idle(500);
  const t3 = performance.now();
  const first = engine.quoteJson(requestText);
  const t4 = performance.now();
  if (first.trim() !== expected) throw new Error('the first quote differs from the native quote');

  // Quotes 2 to 2,001 in batches of 50: the mean µs per call of each batch, as V8 tiers
  // the code up. A short idle every ten batches lets its background compiler finish.
  const batches = [];
  for (let b = 0; b < 40; b += 1) {
    batches.push(perCallUs(50, () => engine.quoteJson(requestText)));
    if (b % 10 === 9) await idle(50);
  }
  // Then steady: ten more batches after a second's idle.
  await idle(1000);
  const steady = [];
  for (let b = 0; b < 10; b += 1) steady.push(perCallUs(50, () => engine.quoteJson(requestText)));
  const last = engine.quoteJson(requestText);
  if (last.trim() !== expected) throw new Error('a later quote differs from the native quote');
  engine.free();

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    importMs: t1 - t0,
    programMs: t2 - t1,
    firstQuoteMs: t4 - t3,
    batchesUs: batches,
    steadyUs: median(steady),
    parseUs: median(parseRounds),
    textUs: median(textRounds),
  };
}

run().then(
  (result) => {
    window.benchResult = result;
  },
  (err) => {
    window.benchResult = { error: String(err?.stack ?? err) };
  },
);
