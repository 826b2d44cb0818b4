// A module Web Worker that imports the package's browser entry (workers do not see the
// page's import map, so by its path in node_modules), runs the fixtures it is sent and
// posts the results back. The handler is set before the package has loaded: the
// package's entry awaits its .wasm, and a message that arrives while a worker's module
// is still being evaluated finds no handler and is lost.
import { runFixtures } from './fixture-runner.js';

const api = import('./node_modules/checkout-benefits/index.browser.js');
self.onmessage = async (e) => self.postMessage(runFixtures({ ...(await api) }, e.data));
