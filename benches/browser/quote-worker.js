// Module Web Worker of benches/browser/worker.js: compiles the typical program and
// answers each posted request text with its quote text. The handler is set before the
// package is awaited, so that no message is lost while it loads.
const engine = Promise.all([
  import('/pkg/index.browser.js'),
  fetch('/target/bench-inputs/typical-program.json').then((res) => res.json()),
]).then(([{ Engine }, program]) => new Engine(program));

self.onmessage = async ({ data: { id, requestText } }) => {
  self.postMessage({ id, quoteText: (await engine).quoteJson(requestText) });
};
