// Cold start in a fresh process. Prints one JSON line.
//   node cold-start.mjs package PKG_DIR PROGRAM.json [REQUEST.json...]  import the package
//       (read, compile and instantiate the .wasm, load the glue), then compile the typical
//       program; given requests, also time the first `quoteJson` of each, in order, and a
//       second quote of the first (V8 compiles each of the engine's functions on its first
//       use: a first quote pays for the code it runs, a later request for what it runs
//       that the earlier ones did not);
//   node cold-start.mjs bare PKG_DIR                  WebAssembly.compile + instantiate of the
//       .wasm bytes alone (imports stubbed), as a host managing its own instances would.
// Each mode runs in its own process: V8 caches compiled modules within one process.
// Deno (`deno run -A cold-start.mjs ...`, importing the package's Deno entry) and Bun
// (`bun cold-start.mjs ...`) run it too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [mode, pkgDir, programPath, ...requestPaths] = process.argv.slice(2);
const entry = globalThis.Deno ? 'index.deno.js' : 'index.node.js';
const ms = (a, b) => Number(b - a) / 1e6;

if (mode === 'package') {
  const programText = readFileSync(programPath, 'utf8');
  const requestTexts = requestPaths.map((p) => readFileSync(p, 'utf8'));
  const t0 = process.hrtime.bigint();
  const { Engine } = await import(join(pkgDir, entry));
  const t1 = process.hrtime.bigint();
  const engine = new Engine(JSON.parse(programText));
  const t2 = process.hrtime.bigint();
  const result = { importMs: ms(t0, t1), compileProgramMs: ms(t1, t2), totalMs: ms(t0, t2) };
  const quotesMs = requestTexts.map((text) => {
    const t = process.hrtime.bigint();
    engine.quoteJson(text);
    return ms(t, process.hrtime.bigint());
  });
  if (requestTexts.length) {
    const t3 = process.hrtime.bigint();
    engine.quoteJson(requestTexts[0]);
    const t4 = process.hrtime.bigint();
    Object.assign(result, { firstQuoteMs: quotesMs[0], secondQuoteMs: ms(t3, t4) });
    if (requestTexts.length > 1) {
      result.firstQuotesMs = quotesMs;
    }
  }
  engine.free();
  console.log(JSON.stringify(result));
} else if (mode === 'bare') {
  const t0 = process.hrtime.bigint();
  const bytes = readFileSync(join(pkgDir, 'checkout_benefits_bg.wasm'));
  const module = await WebAssembly.compile(bytes);
  const t1 = process.hrtime.bigint();
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    imports[i.module] ??= {};
    imports[i.module][i.name] = () => {};
  }
  await WebAssembly.instantiate(module, imports);
  const t2 = process.hrtime.bigint();
  console.log(JSON.stringify({ wasmCompileMs: ms(t0, t1), wasmCompileInstantiateMs: ms(t0, t2) }));
} else {
  console.error('usage: cold-start.mjs package PKG_DIR PROGRAM.json [REQUEST.json...] | bare PKG_DIR');
  process.exit(2);
}
