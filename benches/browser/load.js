// Page module of benches/browser/loading.mjs: imports the package and records when it
// was ready, in ms since the page's navigation started.
await import('/pkg/index.browser.js');
window.benchResult = { readyMs: performance.now() };
