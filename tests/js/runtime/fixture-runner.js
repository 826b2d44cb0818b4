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
  const { Engine, validateProgram, recalculateCumulativeDiscounts, CheckoutBenefitsError, version } = api;
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
  return out;
}
