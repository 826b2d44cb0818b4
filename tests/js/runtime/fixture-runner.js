// Runs fixtures through one import of the package and reports, per fixture, the raw
// strings each API returned (or the error each one threw). Plain ES module with no
// runtime-specific imports: shared by Node (ESM and CommonJS), Deno, Bun, workerd and
// the browser pages.

function describeError(e) {
  return {
    isError: e instanceof Error,
    isCheckoutBenefitsError: e instanceof CheckoutBenefitsErrorRef.value,
    name: e?.name,
    code: e?.code,
    path: e?.path,
    message: e?.message,
    problems: Array.isArray(e?.problems) ? e.problems : null,
  };
}

const CheckoutBenefitsErrorRef = { value: Error };

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: describeError(e) };
  }
}

/**
 * @param api the package's exports
 * @param fixtures [{ name, program | programText, request? | requestText? }]; the
 *   `...Text` forms are raw JSON (duplicate keys...), given to the APIs taking text.
 */
export function runFixtures(api, fixtures) {
  const { Engine, validateProgram, recalculateCumulativeDiscounts, applyPointsEvents, findCustomerByCard, CheckoutBenefitsError, version } =
    api;
  CheckoutBenefitsErrorRef.value = CheckoutBenefitsError;
  const out = { version, exports: Object.keys(api).sort(), fixtures: {} };
  for (const f of fixtures) {
    const r = {};
    out.fixtures[f.name] = r;
    const program = f.programText ?? f.program;
    r.validate = attempt(() => validateProgram(program));
    const created = attempt(() => new Engine(program));
    if (created.error) {
      r.engine = created;
      continue;
    }
    const engine = created.value;
    if (f.requestText !== undefined) {
      r.quoteJson = attempt(() => engine.quoteJson(f.requestText));
    }
    if (f.request) {
      r.quoteJson = attempt(() => engine.quoteJson(JSON.stringify(f.request)));
      r.quote = attempt(() => JSON.stringify(engine.quote(f.request)));
      if (f.request.customer && typeof f.request.customer === 'object') {
        r.quoteFor = attempt(() => {
          const prepared = engine.prepareCustomer(f.request.customer);
          try {
            return JSON.stringify(engine.quoteFor(prepared, { now: f.request.now, cart: f.request.cart }));
          } finally {
            prepared.free();
          }
        });
        r.quoteForJson = attempt(() => {
          const prepared = engine.prepareCustomer(f.request.customer);
          try {
            return engine.quoteForJson(prepared, JSON.stringify({ now: f.request.now, cart: f.request.cart }));
          } finally {
            prepared.free();
          }
        });
      }
      // A refused request must not break the engine: quote garbage, then the fixture again.
      r.garbage = attempt(() => JSON.stringify(engine.quote({ now: f.request.now, cart: 42 })));
      r.quoteAfterError = attempt(() => JSON.stringify(engine.quote(f.request)));
      if (f.program?.cumulativeDiscount?.enabled && f.request.customer) {
        r.recalc = attempt(() =>
          recalculateCumulativeDiscounts(f.program, [f.request.customer], f.request.now),
        );
      }
    }
    engine.free();
  }
  // The points ledger: the same events through the package as through the CLI.
  out.ledger = attempt(() => JSON.stringify(applyPointsEvents(100, LEDGER_EVENTS)));
  out.cardIndex = findCustomerByCard([{ id: 'a' }, { id: 'b', discountCard: '4006 3813 3393 1' }], '4006381333931');
  out.ledgerError = attempt(() => applyPointsEvents(0, [{ id: 'x', type: 'gift' }]));
  return out;
}

/** Points events shared with the CLI check in packed.test.mjs. */
export const LEDGER_EVENTS = [
  { id: 'e1', type: 'earned', points: 50, orderId: 'o1', at: '2026-11-01T10:00:00Z' },
  { id: 'e1', type: 'earned', points: 50, orderId: 'o1', at: '2026-11-01T10:00:00Z' },
  { id: 'e2', type: 'redeemed', points: 120, rewardId: 'voucher-10', at: '2026-11-02T10:00:00Z' },
  { id: 'e3', type: 'reversed', orderId: 'o1', reason: 'cancelled', at: '2026-11-03T10:00:00Z' },
  { id: 'e4', type: 'adjusted', points: 10, at: '2026-11-03T11:00:00Z' },
  { id: 'e5', type: 'adjusted', points: 10, reason: 'goodwill', at: '2026-11-03T12:00:00Z' },
];
