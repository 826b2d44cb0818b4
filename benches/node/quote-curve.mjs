// benches/support/quote-curve.mjs in a fresh Node.js, Deno or Bun process, on the
// package's entry for that runtime: what benches/browser/page.js measures in the browser,
// measured the same way here. Prints one JSON line.
//   node benches/node/quote-curve.mjs PKG_DIR INPUTS_DIR
//   deno run -A benches/node/quote-curve.mjs PKG_DIR INPUTS_DIR
//   bun benches/node/quote-curve.mjs PKG_DIR INPUTS_DIR
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

import { quoteCurve } from '../support/quote-curve.mjs';

const [pkgDir, inputs] = process.argv.slice(2);
if (!pkgDir || !inputs) {
  console.error('usage: quote-curve.mjs PKG_DIR INPUTS_DIR');
  process.exit(2);
}
const entry = globalThis.Deno ? 'index.deno.js' : 'index.node.js';
const read = (name) => readFileSync(join(inputs, name), 'utf8');
const runtime = globalThis.Deno
  ? `Deno ${globalThis.Deno.version.deno}`
  : process.versions.bun
    ? `Bun ${process.versions.bun}`
    : `Node.js ${process.versions.node}`;

const result = await quoteCurve({
  load: () => import(pathToFileURL(resolve(pkgDir, entry)).href),
  programText: read('typical-program.json'),
  requestText: read('typical-request.json'),
  expectedQuote: read('typical-quote.json'),
});
console.log(JSON.stringify({ runtime, ...result }));
