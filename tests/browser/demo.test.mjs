// End-to-end test of the demo page in headless Chromium, driven by playwright-core.
// The page imports the built package from /pkg/, so build it first (scripts/start.sh
// or scripts/test.sh do). Run: node --test tests/browser/
/* global document -- the waitForFunction callbacks run in the page */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium } from '../support/chromium.mjs';
import { startDemoServer } from '../support/demo-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let server;
let baseUrl;
let context;
let page;
let userDataDir;
const pageErrors = [];

const tid = (id) => page.getByTestId(id);
const text = async (id) => (await tid(id).textContent()).trim();

async function expectText(id, expected) {
  // Every change re-quotes synchronously, but let the DOM settle before reading.
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent.trim() === want,
    [`[data-testid="${id}"]`, expected],
    { timeout: 5_000 },
  ).catch(() => {});
  assert.equal(await text(id), expected, `[data-testid=${id}]`);
}

async function expectMatch(id, re) {
  await page.waitForFunction(
    ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent.trim() ?? ''),
    [`[data-testid="${id}"]`, re.source, re.flags],
    { timeout: 5_000 },
  ).catch(() => {});
  assert.match(await text(id), re, `[data-testid=${id}]`);
}

async function totals() {
  return {
    subtotal: await text('totals-subtotal'),
    discount: await text('totals-discount'),
    shipping: await text('totals-shipping'),
    total: await text('totals-total'),
  };
}

async function traceEntries() {
  return page.$$eval('[data-testid="trace-entry"]', (els) =>
    els.map((el) => ({
      rule: el.querySelector('.trace-rule').textContent.trim(),
      outcome: el.querySelector('.chip').textContent.trim(),
      reason: el.querySelector('.reason')?.textContent.trim() ?? null,
    })),
  );
}

async function setCart(items) {
  await tid('cart-clear').click();
  for (const [product, quantity] of items) {
    await tid(`add-${product}`).click();
    if (quantity !== 1) await tid(`qty-${product}`).fill(String(quantity));
  }
  await tid('promo-input').focus(); // leave the quantity field so it is not being edited
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'pkg/package.json')), 'pkg/ is not built: run bash scripts/start.sh (or the package build script) first');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium chromium-driver`);
  ({ child: server, url: baseUrl } = await startDemoServer());
  ({ context, profile: userDataDir } = await launchChromium('checkout-benefits-demo-', {
    viewport: { width: 1440, height: 1000 },
  }));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

test('the demo page quotes the seed scenario live', { timeout: 120_000 }, async (t) => {
  await t.test('loads the package and the seed program', async () => {
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/www-demo\/$/);
    await page.goto(baseUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.equal(await tid('boot').isHidden(), true);
    assert.match(await text('engine-version'), /^engine \d+\.\d+\.\d+/);
    await tid('program-preset').selectOption('segment-y');
    await expectMatch('program-status', /^valid/);
    await tid('customer-loyal-y').click();
    assert.equal(await tid('customer-loyal-y').getAttribute('aria-checked'), 'true');
  });

  await t.test('49.99 gets nothing and the nudge asks for 0.01 more', async () => {
    await setCart([
      ['chablis', 2],
      ['comte-24', 1],
    ]);
    await expectText('totals-subtotal', '€49.99');
    assert.deepEqual(await totals(), { subtotal: '€49.99', discount: '€0.00', shipping: '€4.90', total: '€54.89' });
    await expectText('nudge-text', 'Add €0.01 more for €5.00 off');
    const segments = await page.$$eval('[data-testid="segment"]', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual([...segments].sort(), ['customers', 'loyal', 'y']);
    const offer = (await traceEntries()).find((e) => e.rule === 'offer:y-tiers');
    assert.ok(offer, 'the trace lists the offer');
    assert.notEqual(offer.outcome, 'applied');
    assert.ok(offer.reason, 'a skipped offer says why');
    assert.match(await text('quote-time'), /^quote [\d.,]+ µs$/);
  });

  await t.test('60.00 gets 5.00 off and the nudge points at the next bracket', async () => {
    await setCart([['chablis', 3]]);
    await expectText('totals-subtotal', '€60.00');
    assert.deepEqual(await totals(), { subtotal: '€60.00', discount: '€5.00', shipping: '€4.90', total: '€59.90' });
    await expectText('nudge-text', 'Add €90.00 more for 10% off and free shipping');
    await expectText('line-total-chablis', '€55.00');
    await expectText('points-earned', '55');
    await expectText('points-balance', '1200');
    const offer = (await traceEntries()).find((e) => e.rule === 'offer:y-tiers');
    assert.equal(offer?.outcome, 'applied');
  });

  await t.test('150.00 gets 15.00 off and free shipping', async () => {
    await setCart([
      ['chablis', 4],
      ['champagne', 2],
    ]);
    await expectText('totals-subtotal', '€150.00');
    assert.deepEqual(await totals(), { subtotal: '€150.00', discount: '€15.00', shipping: '€0.00', total: '€135.00' });
    await expectText('nudge-text', 'Top tier reached: 10% off and free shipping');
    await expectText('points-earned', '135');
  });

  await t.test('switching customers changes segments, offer and totals', async () => {
    await tid('customer-guest').click();
    await expectText('totals-total', '€154.90');
    assert.equal(await text('totals-discount'), '€0.00');
    assert.equal(await text('customer-segments'), 'guest: no segment');
    assert.equal(await text('nudge-text'), 'Sign in to unlock customer offers.');
    assert.equal(await text('points-earned'), '0');
    const offer = (await traceEntries()).find((e) => e.rule === 'offer:y-tiers');
    assert.equal(offer?.outcome, 'skipped');

    await tid('customer-new').click();
    const segments = await page.$$eval('[data-testid="segment"]', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual(segments, ['potential']);
    await expectText('totals-total', '€154.90');

    await tid('customer-deactivated').click();
    const deactivated = await page.$$eval('[data-testid="segment"]', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual(deactivated, ['deactivated']);
    await expectText('points-earned', '0');

    await tid('customer-loyal-y').click();
    await expectText('totals-total', '€135.00');
  });

  await t.test('a promo code withholds the offer discount but keeps its free shipping', async () => {
    await tid('promo-input').fill('welcome15');
    await tid('promo-apply').click();
    await expectText('totals-discount', '€22.50');
    assert.deepEqual(await totals(), { subtotal: '€150.00', discount: '€22.50', shipping: '€0.00', total: '€127.50' });
    const item = tid('promo-welcome15');
    assert.equal((await item.getByTestId('promo-status').textContent()).trim(), 'applied');
    const trace = await traceEntries();
    assert.ok(trace.some((e) => e.rule.toLowerCase().includes('welcome15') && e.outcome === 'applied'), JSON.stringify(trace));

    await tid('promo-input').fill('NOPE');
    await tid('promo-apply').click();
    const nope = tid('promo-NOPE');
    await expectText('totals-total', '€127.50');
    assert.equal((await nope.getByTestId('promo-status').textContent()).trim(), 'rejected');
    assert.notEqual((await nope.getByTestId('promo-reason').textContent()).trim(), '');

    // remove both codes: back to the offer
    await page.locator('[data-remove-code]').first().click();
    await page.locator('[data-remove-code]').first().click();
    await expectText('totals-total', '€135.00');
  });

  await t.test('a bad program shows its error path and keeps the last good quote', async () => {
    const editor = tid('program-editor');
    const good = await editor.inputValue();

    // a program the engine refuses: brackets no longer increase
    const decreasing = good.replace('"minSubtotal": "150"', '"minSubtotal": "40"');
    assert.notEqual(decreasing, good);
    await editor.fill(decreasing);
    await expectText('program-status', '1 problem');
    const paths = await page.$$eval('[data-testid="problem-path"]', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual(paths, ['offers[0].brackets[1].minSubtotal']);
    assert.equal(await tid('stale-flag').isVisible(), true);
    assert.deepEqual(await totals(), { subtotal: '€150.00', discount: '€15.00', shipping: '€0.00', total: '€135.00' });

    // broken JSON: the path of the place it broke, the page keeps working
    const broken = good.replace('"percent": "10"', '"percent": "10",,');
    await editor.fill(broken);
    await expectText('program-status', 'invalid JSON');
    assert.equal(await text('problem-path'), 'offers[0].brackets[1].discount');
    await tid('dec-chablis').click();
    await expectText('totals-subtotal', '€130.00');
    assert.equal(await text('totals-discount'), '€5.00');
    assert.equal(await text('nudge-text'), 'Add €20.00 more for 10% off and free shipping');

    // fixed again: valid, fresh quote, no stale flag
    await editor.fill(good);
    await expectMatch('program-status', /^valid/);
    assert.equal(await tid('stale-flag').isHidden(), true);
    assert.equal(await page.locator('[data-testid="problem"]').count(), 0);
    await tid('inc-chablis').click();
    await expectText('totals-total', '€135.00');
  });

  await t.test('a bad request value shows its path and the page recovers', async () => {
    await tid('shipping-cost').fill('4.9x');
    await page.waitForSelector('[data-testid="quote-error"]:not([hidden])', { timeout: 5_000 });
    assert.match(await text('quote-error-path'), /shipping\.cost/);
    assert.equal(await text('totals-total'), '€135.00');
    await tid('shipping-cost').fill('4.90');
    await page.waitForSelector('[data-testid="quote-error"][hidden]', { state: 'attached', timeout: 5_000 });
    await tid('customer-loyal-y').click();
    await setCart([['chablis', 3]]);
    await expectText('totals-total', '€59.90');
  });

  await t.test('every preset compiles and quotes', async () => {
    const presets = await tid('program-preset').evaluate((sel) => [...sel.options].map((o) => o.value));
    assert.ok(presets.length >= 6, `presets: ${presets}`);
    for (const id of presets) {
      await tid('program-preset').selectOption(id);
      const status = await text('program-status');
      const problems = await page.$$eval('[data-testid="problem"]', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
      assert.match(status, /^valid/, `preset ${id}: ${problems.join('; ')}`);
      assert.equal(await tid('quote-error').isHidden(), true, `preset ${id}: ${await text('quote-error')}`);
    }
    await tid('program-preset').selectOption('groups');
    await tid('customer-wholesale').click();
    await setCart([['chablis', 6]]);
    // wholesale pays 15% less on wine and gets a tote with a case of six
    await expectText('line-price-chablis', '€17.00');
    await expectText('totals-subtotal', '€102.00');
    assert.equal(await tid('gift-wholesale-case-tote').isVisible(), true);

    await tid('program-preset').selectOption('segment-y');
    await tid('customer-loyal-y').click();
    await setCart([
      ['chablis', 2],
      ['comte-24', 1],
    ]);
    await expectText('nudge-text', 'Add €0.01 more for €5.00 off');
  });

  await t.test('screenshot', async () => {
    await setCart([
      ['chablis', 3],
      ['comte-24', 2],
      ['corkscrew', 1],
    ]);
    await expectText('totals-total', '€94.78');
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    // Chromium's capture stalled once after "fonts loaded" in a full test run on a busy
    // two-core machine, every check of the page having passed; a stalled capture is tried
    // once more, and a second stall (or any other error) fails the test.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await page.screenshot({ path: join(ROOT, 'test-results/demo.png'), fullPage: true, timeout: 15_000 });
        break;
      } catch (e) {
        if (attempt === 2 || e.name !== 'TimeoutError') throw e;
      }
    }
    assert.deepEqual(pageErrors, []);
  });
});
