// Page module of benches/browser/loading.mjs: the typical quote through a module Web
// Worker (post the request text, receive the quote text, one at a time) against the
// same quote on the page's main thread, each after 3,000 quotes of warm-up, in batches
// of 50 whose median is kept.
import { median } from '../support/quote-curve.mjs';

const text = async (name) => (await fetch(`/target/bench-inputs/${name}`)).text();
const requestText = await text('typical-request.json');
const expected = (await text('typical-quote.json')).trim();

const worker = new Worker(new URL('./quote-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 0;
worker.onmessage = ({ data }) => {
  pending.get(data.id)(data.quoteText);
  pending.delete(data.id);
};
const viaWorker = (body) =>
  new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    worker.postMessage({ id, requestText: body });
  });

async function batchesUs(call) {
  for (let i = 0; i < 3000; i += 1) await call();
  const batches = [];
  for (let b = 0; b < 20; b += 1) {
    const t = performance.now();
    for (let i = 0; i < 50; i += 1) await call();
    batches.push(((performance.now() - t) * 1000) / 50);
  }
  return median(batches);
}

if ((await viaWorker(requestText)).trim() !== expected) throw new Error('the worker quote differs from the native quote');
const workerUs = await batchesUs(() => viaWorker(requestText));
worker.terminate();

const { Engine } = await import('/pkg/index.browser.js');
const engine = new Engine(JSON.parse(await text('typical-program.json')));
if (engine.quoteJson(requestText).trim() !== expected) throw new Error('the quote differs from the native quote');
const mainThreadUs = await batchesUs(() => engine.quoteJson(requestText));
window.benchResult = { workerUs, mainThreadUs };
