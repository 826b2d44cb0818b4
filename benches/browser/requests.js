// Page module of benches/browser/loading.mjs: what the browser's import of the package is
// made of. Times, after a second's rest, a request for each of the package's four files
// (as the import makes them, one at a time here), then WebAssembly.compile of the .wasm's
// bytes.
import { median } from '../support/quote-curve.mjs';

await new Promise((resolve) => setTimeout(resolve, 1000));
const files = ['index.browser.js', 'esm/checkout_benefits.js', 'error.js', 'checkout_benefits_bg.wasm'];
const requestMs = {};
let wasm;
for (const file of files) {
  const t = performance.now();
  const body = await (await fetch(`/pkg/${file}`)).arrayBuffer();
  requestMs[file] = performance.now() - t;
  if (file.endsWith('.wasm')) wasm = body;
}
const compiles = [];
for (let i = 0; i < 3; i += 1) {
  // A copy each time: V8 keeps a compiled module for the same bytes within the page.
  const bytes = new Uint8Array(wasm.byteLength + 8);
  bytes.set(new Uint8Array(wasm));
  // Eight bytes more, a custom section at the end: id 0, size 6, a one-letter name
  // ("x", "y" or "z") and four bytes of zeros.
  bytes.set([0, 6, 1, 120 + i, 0, 0, 0, 0], wasm.byteLength);
  const t = performance.now();
  await WebAssembly.compile(bytes);
  compiles.push(performance.now() - t);
}
window.benchResult = { requestMs, compileMs: median(compiles) };
