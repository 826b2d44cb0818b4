// Browser page: runs the fixtures in a module Web Worker (web-worker.js), as a storefront
// keeps the engine off the page's main thread, and shows the worker's results.
const fixtures = await (await fetch('./fixtures.json')).json();
const worker = new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' });
window.__results = await new Promise((resolve, reject) => {
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
  worker.postMessage(fixtures);
});
worker.terminate();
document.body.dataset.done = 'true';
