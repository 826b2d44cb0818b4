// Tests of the packed npm tarball in every runtime: `npm pack` pkg/, install the tarball
// into a scratch project (tests/js/.work/app) and run every tests/fixtures/*.json through
// Node ESM, Node CommonJS, Deno, Bun, workerd (miniflare), and headless Chromium (a Vite
// build and a plain-ES-modules page). Every quote must be byte-identical to the native
// CLI's stdout; every error must carry the fixture's code and path.
//
// Run with `node --test tests/js/` after `bash scripts/build-pkg.sh` (scripts/test-js.sh
// does both).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../support/chromium.mjs';
import { LEDGER_EVENTS } from './runtime/fixture-runner.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = join(root, 'tests', 'js', '.work');
const app = join(work, 'app');
const pkgDir = join(root, 'pkg');
const cli = join(root, 'target', 'release', 'checkout-benefits');
let ledgerAnswer;
const fixturesDir = join(root, 'tests', 'fixtures');


/** Every fixture, sorted by file name. */
function loadFixtures() {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) }));
}

/** The native CLI's answer for every fixture: { status, stdout, error }. */
function cliAnswers(fixtures) {
  const dir = join(work, 'cli');
  mkdirSync(dir, { recursive: true });
  const answers = {};
  for (const f of fixtures) {
    const programPath = join(dir, `${f.name}.program.json`);
    const requestPath = join(dir, `${f.name}.request.json`);
    writeFileSync(programPath, f.programText ?? JSON.stringify(f.program));
    writeFileSync(requestPath, f.requestText ?? JSON.stringify(f.request ?? {}));
    const r = spawnSync(cli, ['quote', '--program', programPath, '--request', requestPath], {
      encoding: 'utf8',
    });
    let error = null;
    if (r.status !== 0) {
      try {
        error = JSON.parse(r.stderr);
      } catch {
        error = { unparsable: r.stderr };
      }
    }
    answers[f.name] = { status: r.status, stdout: r.stdout.trim(), error };
  }
  return answers;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  }
  return r.stdout;
}

let fixtures;
let answers;

before(() => {
  assert.ok(existsSync(join(pkgDir, 'package.json')), 'pkg/ is missing: run `bash scripts/build-pkg.sh` first');
  assert.ok(existsSync(cli), 'the native CLI is missing: run `bash scripts/build-pkg.sh` first');
  fixtures = loadFixtures();
  assert.ok(fixtures.length > 0, 'no fixtures in tests/fixtures/');

  rmSync(work, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', pkgDir, '--json', '--pack-destination', work]));
  const tarball = join(work, packed[0].filename);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: app });
  cpSync(join(root, 'tests', 'js', 'runtime'), app, { recursive: true });
  const list = fixtures.map(({ name, program, programText, request, requestText }) => ({
    name,
    program,
    programText,
    request,
    requestText,
  }));
  writeFileSync(join(app, 'fixtures.json'), JSON.stringify(list));
  answers = cliAnswers(fixtures);
  const events = join(work, 'ledger-events.json');
  writeFileSync(events, JSON.stringify(LEDGER_EVENTS));
  ledgerAnswer = execFileSync(cli, ['ledger', '--balance', '100', '--events', events], {
    encoding: 'utf8',
  }).trim();
});

/** Asserts one runtime's results against the CLI and the fixtures. */
function checkResults(results, runtime) {
  let recalculated = 0;
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(results.version, pkg.version, `${runtime}: version`);
  assert.deepEqual(
    results.exports,
    [
      'CheckoutBenefitsError',
      'Engine',
      'PreparedCustomer',
      'applyPointsEvents',
      'findCustomerByCard',
      'recalculateCumulativeDiscounts',
      'validateProgram',
      'version',
    ].sort(),
    `${runtime}: exports`,
  );
  for (const f of fixtures) {
    const r = results.fixtures[f.name];
    const c = answers[f.name];
    const where = `${runtime} ${f.name}`;
    assert.ok(r, `${where}: no result`);
    if (f.error) {
      assert.equal(c.status, 2, `${where}: the CLI should refuse it (stdout ${c.stdout})`);
      assert.equal(c.error.code, f.error.code, `${where}: CLI error code`);
      assert.equal(c.error.path, f.error.path, `${where}: CLI error path`);
      const thrown = [];
      if (r.engine) {
        thrown.push(['new Engine', r.engine]);
      } else {
        assert.ok(f.request || f.requestText, `${where}: new Engine should have thrown`);
        thrown.push(['quoteJson', r.quoteJson]);
        // quote(object) defaults a missing `now` (a JS convenience the CLI lacks).
        if (f.request && f.request.now !== undefined) {
          thrown.push(['quote', r.quote]);
        }
      }
      for (const [api, outcome] of thrown) {
        const e = outcome.error;
        assert.ok(e, `${where}: ${api} should throw, returned ${JSON.stringify(outcome.value)}`);
        assert.equal(e.isError, true, `${where}: ${api} error instanceof Error`);
        assert.equal(e.isCheckoutBenefitsError, true, `${where}: ${api} error instanceof CheckoutBenefitsError`);
        assert.equal(e.name, 'CheckoutBenefitsError', `${where}: ${api} error name`);
        assert.equal(e.code, f.error.code, `${where}: ${api} error code (${e.message})`);
        assert.equal(e.path, f.error.path, `${where}: ${api} error path (${e.message})`);
        assert.equal(typeof e.message, 'string');
        assert.ok(e.problems.length >= 1, `${where}: ${api} error problems`);
      }
      if (f.error.code === 'invalid_program' && !f.request && !f.requestText) {
        const problems = r.validate.value;
        assert.ok(Array.isArray(problems) && problems.length >= 1, `${where}: validateProgram finds problems`);
        assert.ok(
          problems.some((p) => p.code === f.error.code && p.path === f.error.path),
          `${where}: validateProgram reports ${f.error.path}: ${JSON.stringify(problems)}`,
        );
      }
      continue;
    }
    assert.equal(c.status, 0, `${where}: the CLI failed: ${JSON.stringify(c.error)}`);
    const expected = c.stdout;
    assert.ok(!r.engine, `${where}: new Engine threw ${JSON.stringify(r.engine?.error)}`);
    assert.deepEqual(r.validate, { value: [] }, `${where}: validateProgram`);
    assert.deepEqual(r.quoteJson, { value: expected }, `${where}: quoteJson === CLI stdout`);
    assert.deepEqual(r.quote, { value: expected }, `${where}: JSON.stringify(quote(request)) === CLI stdout`);
    if (r.quoteFor) {
      assert.deepEqual(r.quoteFor, { value: expected }, `${where}: quoteFor(prepareCustomer(customer))`);
      assert.deepEqual(r.quoteForJson, { value: expected }, `${where}: quoteForJson(prepareCustomer(customer))`);
    }
    const g = r.garbage.error;
    assert.ok(g, `${where}: quoting a cart of 42 should throw`);
    assert.equal(g.isError, true);
    assert.equal(g.isCheckoutBenefitsError, true);
    assert.equal(g.code, 'invalid_request');
    assert.equal(g.path, 'cart');
    assert.deepEqual(r.quoteAfterError, { value: expected }, `${where}: the engine works after an error`);
    if (r.recalc) {
      // The recalculated stored percentage is the one the quote reports.
      const quoted = JSON.parse(expected).customer?.cumulativeDiscount;
      assert.ok(r.recalc.value, `${where}: recalculateCumulativeDiscounts threw ${JSON.stringify(r.recalc.error)}`);
      assert.equal(r.recalc.value.length, 1);
      assert.equal(r.recalc.value[0].id, f.request.customer.id);
      assert.equal(r.recalc.value[0].cumulativeDiscount, quoted, `${where}: recalculated cumulative discount`);
      recalculated += 1;
    }
  }
  assert.ok(recalculated > 0, `${runtime}: no fixture exercised recalculateCumulativeDiscounts`);
  // The points ledger gives the CLI's report, byte for byte, and refuses bad events with a path.
  assert.equal(results.ledger.value, ledgerAnswer, `${runtime}: applyPointsEvents`);
  assert.equal(JSON.parse(results.ledger.value).balance, 10, `${runtime}: ledger balance`);
  assert.equal(results.cardIndex, 1, `${runtime}: findCustomerByCard`);
  assert.equal(results.ledgerError.error?.code, 'invalid_request', `${runtime}: ledger error code`);
  assert.equal(results.ledgerError.error?.path, 'events[0].type', `${runtime}: ledger error path`);
}

function runtimeTest(runtime, produce) {
  test(`${runtime}: every fixture matches the CLI byte for byte`, async () => {
    const results = await produce();
    checkResults(results, runtime);
  });
}

describe('packed tarball', () => {
  test('package.json: files, exports map with types first, version from Cargo.toml', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'checkout-benefits', 'package.json'), 'utf8'));
    const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
    assert.equal(pkg.version, /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1]);
    const conditions = Object.keys(pkg.exports['.']);
    assert.equal(conditions[0], 'types');
    for (const c of ['workerd', 'deno', 'node', 'browser', 'default']) assert.ok(conditions.includes(c), c);
    assert.ok(conditions.indexOf('workerd') < conditions.indexOf('browser'));
    assert.ok(conditions.indexOf('node') < conditions.indexOf('default'));
    assert.deepEqual(Object.keys(pkg.exports['.'].node), ['import', 'require']);
    // Only the whitelisted files are packed (plus package.json).
    const installed = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else installed.push(relative(join(app, 'node_modules', 'checkout-benefits'), join(d, e.name)));
      }
    };
    walk(join(app, 'node_modules', 'checkout-benefits'));
    assert.deepEqual(installed.sort(), [...pkg.files, 'package.json'].sort());
    // Node's ES module entry is one module: it imports nothing of the package's own.
    const nodeEntry = readFileSync(
      join(app, 'node_modules', 'checkout-benefits', pkg.exports['.'].node.import.default),
      'utf8',
    );
    assert.deepEqual(
      [...nodeEntry.matchAll(/^\s*(?:import|export)\b[^;]*\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]),
      ['node:fs'],
    );
  });

  runtimeTest('Node ESM', () => JSON.parse(run(process.execPath, ['run-esm.mjs', 'fixtures.json'], { cwd: app })));

  runtimeTest('Node CommonJS', () =>
    JSON.parse(run(process.execPath, ['run-cjs.cjs', 'fixtures.json'], { cwd: app })),
  );

  runtimeTest('Deno', () =>
    JSON.parse(
      run(bin('deno'), ['run', '--no-prompt', '--allow-read=.', 'run-esm.mjs', 'fixtures.json'], {
        cwd: app,
        env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', DENO_DIR: join(work, 'deno-dir') },
      }),
    ),
  );

  runtimeTest('Bun', () => JSON.parse(run(bin('bun'), ['run-esm.mjs', 'fixtures.json'], { cwd: app })));

  runtimeTest('workerd (miniflare)', async () => {
    const { Miniflare } = await import('miniflare');
    const pkgRoot = join(app, 'node_modules', 'checkout-benefits');
    const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8'));
    const entry = pkg.exports['.'].workerd;
    // What a Workers bundler does: resolve the bare specifier with the `workerd`
    // condition and upload the package's modules, the .wasm as a compiled module.
    const modules = [
      { type: 'ESModule', path: join(app, 'worker.js') },
      { type: 'ESModule', path: join(app, 'fixture-runner.js') },
      {
        type: 'ESModule',
        path: join(app, 'checkout-benefits'),
        contents: `export * from './node_modules/checkout-benefits/${entry.replace(/^\.\//, '')}';\n`,
      },
    ];
    for (const f of pkg.files) {
      if (extname(f) === '.js') modules.push({ type: 'ESModule', path: join(pkgRoot, f) });
      if (extname(f) === '.wasm') modules.push({ type: 'CompiledWasm', path: join(pkgRoot, f) });
    }
    const mf = new Miniflare({ modules, modulesRoot: app, compatibilityDate: '2025-09-01' });
    try {
      const hello = await mf.dispatchFetch('http://localhost/');
      assert.equal(hello.status, 200);
      assert.equal((await hello.json()).version, pkg.version);
      const res = await mf.dispatchFetch('http://localhost/quote', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: readFileSync(join(app, 'fixtures.json'), 'utf8'),
      });
      assert.equal(res.status, 200);
      return await res.json();
    } finally {
      await mf.dispose();
    }
  });

  describe('headless Chromium', () => {
    let server;
    let base;
    let browser;

    before(async () => {
      // Vite production build of a page importing the package.
      run(
        bin('vite'),
        ['build', '--logLevel', 'warn', '--base', './', '--outDir', join(app, 'dist'), '--emptyOutDir', app],
        { cwd: app },
      );
      cpSync(join(app, 'fixtures.json'), join(app, 'dist', 'fixtures.json'));
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
      server = createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        const file = join(app, decodeURIComponent(url.pathname));
        if (!file.startsWith(app) || !existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${server.address().port}`;
      ({ context: browser } = await launchChromium('checkout-benefits-chromium-'));
    });

    after(async () => {
      await browser?.close();
      server?.close();
    });

    async function resultsOf(path) {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
      try {
        await page.goto(`${base}${path}`);
        await page.waitForFunction(() => globalThis.document.body?.dataset.done === 'true', null, {
          timeout: 30_000,
        }).catch(() => {});
        assert.deepEqual(problems, [], `${path}: page errors`);
        const results = await page.evaluate(() => globalThis.__results);
        assert.ok(results, `${path}: no results`);
        return results;
      } finally {
        await page.close();
      }
    }

    runtimeTest('Chromium, Vite build', async () => {
      const html = readFileSync(join(app, 'dist', 'index.html'), 'utf8');
      assert.doesNotMatch(html, /node_modules/, 'the build bundles the package');
      const assets = readdirSync(join(app, 'dist', 'assets'));
      assert.ok(assets.some((a) => a.endsWith('.wasm')), `the .wasm is emitted as an asset: ${assets}`);
      return resultsOf('/dist/index.html');
    });

    runtimeTest('Chromium, plain ES modules (no bundler)', () => resultsOf('/plain.html'));

    runtimeTest('Chromium, a module Web Worker', () => resultsOf('/web-worker.html'));

    test('Chromium: a .wasm that cannot be fetched fails the import with that error, leaving nothing unhandled', async () => {
      const page = await browser.newPage();
      // The browser entry requests the .wasm before the glue has arrived: its failure
      // comes first and must wait, handled, for the glue's init to report it.
      await page.route('**/*.wasm', (route) => route.abort('connectionrefused'));
      try {
        await page.goto(`${base}/load-failure.html`);
        await page.waitForFunction(() => globalThis.document.body?.dataset.done === 'true', null, {
          timeout: 30_000,
        });
        const { error, unhandled } = await page.evaluate(() => globalThis.__loadFailure);
        assert.ok(error, 'the import succeeded without its .wasm');
        assert.equal(error.name, 'TypeError');
        assert.match(error.message, /fetch/i);
        assert.deepEqual(unhandled, []);
      } finally {
        await page.close();
      }
    });
  });
});
