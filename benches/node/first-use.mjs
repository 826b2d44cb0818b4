// What V8 compiles for a cold start and for each first quote: the Wasm functions Node.js
// compiles (Liftoff, on a function's first call) to import the package and compile the
// program, then for the first quote of each request in turn, counting only the functions
// the quotes before it did not already compile. Prints one JSON line: per phase, the
// number of functions, their bytes of Wasm code and the largest one (index and bytes).
//
//   node benches/node/first-use.mjs PKG_DIR PROGRAM.json [REQUEST.json...]
//
// Each phase is the difference of two fresh processes running benches/node/cold-start.mjs
// under V8's `--trace-wasm-compilation-times`, one with a request more than the other
// (the trace's lines of one process cannot be placed between the script's own output).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const [pkgDir, program, ...requests] = process.argv.slice(2);
if (!program) {
  console.error('usage: first-use.mjs PKG_DIR PROGRAM.json [REQUEST.json...]');
  process.exit(2);
}
const script = join(dirname(fileURLToPath(import.meta.url)), 'cold-start.mjs');
// V8's line: "Compiled function 0x...#INDEX using Liftoff, took N ms and ... bodysize B ..."
const compiled = /^Compiled function \S+#(\d+) using (\w+).* bodysize (\d+)/;

/** The functions Liftoff compiled in a process quoting the first `n` requests: index -> bytes. */
function compiledWith(n) {
  // The trace goes to a file, not a pipe: read through a pipe, the trace's last lines
  // were sometimes lost (from 97 to 152 functions for the same program), to a file never.
  const dir = mkdtempSync(join(tmpdir(), 'cb-first-use-'));
  const file = join(dir, 'trace.txt');
  let out;
  try {
    const fd = openSync(file, 'w');
    try {
      execFileSync(
        process.execPath,
        ['--trace-wasm-compilation-times', script, 'package', resolve(pkgDir), program, ...requests.slice(0, n)],
        { stdio: ['ignore', fd, 'inherit'] },
      );
    } finally {
      closeSync(fd);
    }
    out = readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const functions = new Map();
  for (const line of out.split('\n')) {
    const m = compiled.exec(line);
    // The optimising tier's recompilations of hot functions are not first uses.
    if (m && m[2] === 'Liftoff') functions.set(Number(m[1]), Number(m[3]));
  }
  return functions;
}

function phase(functions, before = new Map()) {
  const p = { functions: 0, bytes: 0, largest: null };
  for (const [index, bytes] of functions) {
    if (before.has(index)) continue;
    p.functions += 1;
    p.bytes += bytes;
    if (!p.largest || bytes > p.largest.bytes) p.largest = { index, bytes };
  }
  return p;
}

const runs = Array.from({ length: requests.length + 1 }, (_, n) => compiledWith(n));
const result = { importAndProgram: phase(runs[0]) };
requests.forEach((request, k) => {
  result[`firstQuote${k + 1}`] = phase(runs[k + 1], runs[k]);
});
console.log(JSON.stringify(result));
