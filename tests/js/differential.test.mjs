// Differential test: the native crate and the Wasm package give byte-identical answers.
//
// `cargo run --example gen_cases` writes DIFF_CASES (default 10,000) generated
// program/request pairs with the native quote or error of each (a fixed seed, so the
// same cases every run); this test loads the built package (pkg/, its Node entry from
// pkg/package.json `exports`) and checks, for every case:
//   - engine.quoteJson(requestText) is exactly the native quote JSON,
//   - JSON.stringify(engine.quote(JSON.parse(requestText))) is exactly the same string,
//   - a refused program or request throws CheckoutBenefitsError with the native
//     code, path and message.
//
// Two more tests on the same cases check that the text and object entry points answer
// alike for JSON written otherwise than `JSON.stringify` writes it (whole numbers as
// `2.0`, prices from JavaScript arithmetic, keys in any order, `\u` escapes, spacing).
//
// Run with `node --test tests/js/differential.test.mjs` after `bash scripts/build-pkg.sh`.
// DIFF_CASES=N and DIFF_SEED=S change the number of cases and the seed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkgDir = join(root, 'pkg');
const COUNT = Number(process.env.DIFF_CASES || 10000);
const SEED = Number(process.env.DIFF_SEED || 20261122);
const casesFile = join(root, 'target', 'diff', `cases-${SEED}-${COUNT}.ndjson`);

/** The package's Node ESM entry, resolved from pkg/package.json `exports`. */
function nodeEntry() {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  let entry = manifest.exports?.['.'] ?? manifest.exports ?? manifest.main;
  for (const condition of ['node', 'import', 'default']) {
    if (entry && typeof entry === 'object' && condition in entry) entry = entry[condition];
  }
  assert.equal(typeof entry, 'string', 'pkg/package.json has a Node import entry');
  return join(pkgDir, entry);
}

function generateCases() {
  const run = spawnSync(
    'cargo',
    ['run', '--quiet', '--example', 'gen_cases', '--', '--count', String(COUNT), '--seed', String(SEED), '--out', casesFile],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  assert.equal(run.status, 0, 'cargo run --example gen_cases failed');
}

/** The generated cases, written first if the file is not there yet. */
function readCases() {
  if (!existsSync(casesFile)) generateCases();
  return readFileSync(casesFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
}

/** `{code, path, message}` in a fixed key order. */
function errorText(e) {
  return JSON.stringify({ code: e.code, path: e.path, message: e.message });
}

function errorOf(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

test(`native and Wasm quotes are byte-identical (${COUNT} generated cases)`, async () => {
  assert.ok(existsSync(join(pkgDir, 'package.json')), 'pkg/ is missing: run `bash scripts/build-pkg.sh` first');
  generateCases();
  const pkg = await import(pathToFileURL(nodeEntry()).href);
  const { Engine, CheckoutBenefitsError } = pkg;

  const cases = readCases();
  assert.equal(cases.length, COUNT, 'every generated case is in the file');
  let quotes = 0;
  let errors = 0;
  const mismatches = [];
  const mismatch = (c, what, native, wasm) => {
    if (mismatches.length >= 5) {
      mismatches.push(null);
      return;
    }
    // Show where the two strings part, not the whole quotes.
    let at = 0;
    while (at < native.length && native[at] === wasm[at]) at += 1;
    const from = Math.max(0, at - 60);
    mismatches.push(
      `case ${c.case}: ${what} (differs at character ${at})\n  native: …${native.slice(from, at + 60)}\n  wasm:   …${String(wasm).slice(from, at + 60)}`,
    );
  };
  for (const c of cases) {
    let engine;
    const buildError = errorOf(() => {
      engine = new Engine(c.program);
    });
    if (buildError) {
      errors += 1;
      if (!c.error) {
        mismatch(c, 'program refused by Wasm only', 'ok', `${buildError.code} ${buildError.path} ${buildError.message}`);
        continue;
      }
      assert.ok(buildError instanceof CheckoutBenefitsError && buildError instanceof Error, `case ${c.case}: a CheckoutBenefitsError`);
      const got = errorText(buildError);
      if (got !== errorText(c.error)) mismatch(c, 'program error', errorText(c.error), got);
      continue;
    }
    try {
      let text;
      const quoteError = errorOf(() => {
        text = engine.quoteJson(c.requestText);
      });
      if (c.quote !== null) {
        quotes += 1;
        if (quoteError) {
          mismatch(c, 'refused by Wasm only', c.quote, `${quoteError.code} ${quoteError.path} ${quoteError.message}`);
          continue;
        }
        if (text !== c.quote) mismatch(c, 'quoteJson', c.quote, text);
        const viaObject = JSON.stringify(engine.quote(JSON.parse(c.requestText)));
        if (viaObject !== c.quote) mismatch(c, 'JSON.stringify(quote(object))', c.quote, viaObject);
      } else {
        errors += 1;
        if (!quoteError) {
          mismatch(c, 'accepted by Wasm only', errorText(c.error), text);
          continue;
        }
        const got = errorText(quoteError);
        if (got !== errorText(c.error)) mismatch(c, 'request error', errorText(c.error), got);
      }
    } finally {
      engine.free?.();
    }
  }
  const shown = mismatches.filter((m) => m !== null);
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${COUNT} cases differ:\n${shown.join('\n')}`);
  console.log(`differential: ${COUNT} cases identical (${quotes} quotes, ${errors} errors)`);
  assert.ok(quotes > COUNT / 2, 'most generated cases are valid quotes');
  assert.ok(errors > 0, 'some generated cases are errors');
});

/** A call's outcome as text: the quote, or the error's code, path and message. */
function outcome(fn) {
  try {
    return fn();
  } catch (e) {
    return `error ${errorText(e)}`;
  }
}

// The text and object entry points read the same JSON alike, for JSON that JavaScript
// reads otherwise than it is written: whole numbers written `2.0` or `2e0` (JSON.parse
// makes `2` of them) and prices as JavaScript arithmetic leaves them
// (`12.34 * 1.19` is 14.684599999999998), many of 16 or 17 digits; such a price is
// read as its digits, the same as the string of them.
test('text and object entry points read the same JSON alike (whole numbers as 2.0 and 2e0, prices from JavaScript arithmetic)', async () => {
  const { Engine } = await import(pathToFileURL(nodeEntry()).href);
  const cases = readCases()
    .filter((c) => c.quote !== null)
    .slice(0, 3000);
  let wholes = 0;
  let prices = 0;
  let long = 0;
  let accepted = 0;
  const differ = [];
  for (const c of cases) {
    const engine = new Engine(c.program);
    try {
      let n = 0;
      const written = c.requestText.replace(/"(quantity|pointsBalance)":(\d+)/g, (_, key, value) => {
        n += 1;
        return `"${key}":${n % 2 ? `${value}.0` : `${value}e0`}`;
      });
      if (written !== c.requestText) {
        wholes += 1;
        const asText = outcome(() => engine.quoteJson(written));
        const asObject = outcome(() => JSON.stringify(engine.quote(JSON.parse(written))));
        if (asText !== c.quote || asObject !== c.quote) differ.push(`case ${c.case}, whole numbers: ${written.slice(0, 200)}`);
      }
      const rate = [1.19, 1.1, 0.85, 1.07][c.case % 4];
      const numbers = [];
      const priced = c.requestText.replace(/"unitPrice":"(-?[0-9.]+)"/g, (_, value) => {
        const number = JSON.stringify(Number(value) * rate);
        if (number.replace(/[-.]/g, '').replace(/^0+/, '').length >= 16) long += 1;
        numbers.push(number);
        return `"unitPrice":${number}`;
      });
      if (priced !== c.requestText) {
        prices += 1;
        const asText = outcome(() => engine.quoteJson(priced));
        const asObject = outcome(() => JSON.stringify(engine.quote(JSON.parse(priced))));
        // A number means its digits as JavaScript writes them: the same as a string of them.
        let k = 0;
        const quoted = priced.replace(/"unitPrice":(-?[0-9.e+-]+)/g, () => `"unitPrice":"${numbers[k++]}"`);
        const asString = outcome(() => engine.quoteJson(quoted));
        if (!asText.startsWith('error')) accepted += 1;
        if (asText !== asObject || asText !== asString) {
          differ.push(`case ${c.case}, prices:\n  text:   ${asText.slice(0, 200)}\n  object: ${asObject.slice(0, 200)}\n  string: ${asString.slice(0, 200)}`);
        }
      }
    } finally {
      engine.free?.();
    }
  }
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} cases differ`);
  console.log(
    `text and object alike: ${wholes} requests with whole numbers rewritten, ${prices} with prices from arithmetic (${long} prices of 16 digits or more, ${accepted} requests quoted)`,
  );
  assert.ok(wholes > 1000 && prices > 1000 && long > 1000 && accepted > 100, 'the rewritten requests reach both kinds of number');
});

/**
 * `value` as JSON text written the ways other writers do: keys in a shuffled order,
 * some characters of strings as `\u` escapes, spacing and new lines, whole numbers
 * as `2.0`, other numbers in exponent form. `next()` gives numbers in [0, 1).
 */
function rewrite(value, next) {
  const string = (s) => {
    let out = '"';
    for (const ch of s) {
      const c = ch.codePointAt(0);
      const escaped = ch === '"' || ch === '\\' || c < 0x20 || (c < 0x10000 && next() < 0.15);
      out += escaped ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
    }
    return `${out}"`;
  };
  const write = (v) => {
    if (Array.isArray(v)) return `[${v.map(write).join(next() < 0.5 ? ',' : ' ,\n ')}]`;
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v)
        .map((k) => [next(), k])
        .sort((a, b) => a[0] - b[0])
        .map(([, k]) => k);
      return `{${keys.map((k) => `${string(k)} : ${write(v[k])}`).join(',\t')}}`;
    }
    if (typeof v === 'string') return string(v);
    if (typeof v === 'number' && Number.isInteger(v) && next() < 0.3) return `${v}.0`;
    if (typeof v === 'number' && next() < 0.2) return v.toExponential();
    return JSON.stringify(v);
  };
  return write(value);
}

test('JSON written otherwise (key order, escapes, spacing, 2.0, exponents) gets the same answer as text and as an object', async () => {
  const { Engine } = await import(pathToFileURL(nodeEntry()).href);
  const cases = readCases().slice(0, 2000);
  let x = 0x2545f491;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const differ = [];
  let requests = 0;
  for (const c of cases) {
    const want = c.quote ?? `error ${errorText(c.error)}`;
    // The program written otherwise, given as text and as the object it parses to.
    const programText = rewrite(c.program, next);
    for (const program of [programText, JSON.parse(programText)]) {
      const got = outcome(() => {
        const engine = new Engine(program);
        try {
          return engine.quoteJson(c.requestText);
        } finally {
          engine.free?.();
        }
      });
      if (got !== want) differ.push(`case ${c.case}, program as ${typeof program}:\n  ${got.slice(0, 200)}\n  ${programText.slice(0, 200)}`);
    }
    if (c.quote === null) continue;
    // The request written otherwise, to quoteJson and to quote(object).
    requests += 1;
    const engine = new Engine(c.program);
    try {
      const text = rewrite(JSON.parse(c.requestText), next);
      const asText = outcome(() => engine.quoteJson(text));
      const asObject = outcome(() => JSON.stringify(engine.quote(JSON.parse(text))));
      if (asText !== c.quote || asObject !== c.quote) {
        differ.push(`case ${c.case}, request:\n  text:   ${asText.slice(0, 200)}\n  object: ${asObject.slice(0, 200)}\n  ${text.slice(0, 200)}`);
      }
    } finally {
      engine.free?.();
    }
  }
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} differ`);
  assert.ok(requests > 1000, 'most cases are quotes');
});
