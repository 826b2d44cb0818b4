// Runs in the page of benches/browser/bench.mjs: benches/support/quote-curve.mjs on the
// package's browser entry, with the benchmark inputs from /target/bench-inputs. Leaves the
// figures in `window.benchResult`.
import { quoteCurve } from '../support/quote-curve.mjs';

const fetchText = async (name) => {
  const res = await fetch(`/target/bench-inputs/${name}`);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res.text();
};

async function run() {
  const result = await quoteCurve({
    load: () => import('/pkg/index.browser.js'),
    programText: await fetchText('typical-program.json'),
    requestText: await fetchText('typical-request.json'),
    expectedQuote: await fetchText('typical-quote.json'),
  });
  return { runtime: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated, ...result };
}

run().then(
  (result) => {
    window.benchResult = result;
  },
  (err) => {
    window.benchResult = { error: String(err?.stack ?? err) };
  },
);
