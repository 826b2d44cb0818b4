// Type-checked by `tsc -p tests/js/tsconfig.json` (scripts/build-pkg.sh): the published
// declarations describe the documents and the API well enough for a storefront.
import {
  CheckoutBenefitsError,
  Engine,
  validateProgram,
  version,
  type Problem,
  type Program,
  type Quote,
  type QuoteRequest,
} from 'checkout-benefits';

const program: Program = {
  version: 1,
  currency: 'EUR',
  segments: [{ id: 'y', rule: { field: 'customer.tags', op: 'contains', value: 'y' } }],
  offers: [
    {
      id: 'y-tiers',
      segment: 'y',
      brackets: [
        { minSubtotal: '50', discount: { amount: '5' } },
        { minSubtotal: '150', discount: { percent: '10' }, freeShipping: true },
      ],
    },
  ],
};

const request: QuoteRequest = {
  customer: { id: 'c1', tags: ['y'] },
  cart: { currency: 'EUR', lines: [{ id: 'l1', productId: 'p1', unitPrice: '60.00', quantity: 1 }] },
};

const seen: unknown[] = [];
const problems: Problem[] = validateProgram(program);
const engine = new Engine(program);
const quote: Quote = engine.quote(request);
const total: string = quote.totals.total;
const text: string = engine.quoteJson(JSON.stringify({ ...request, now: '2026-11-22T10:00:00Z' }));
const prepared = engine.prepareCustomer({ id: 'c1', tags: ['y'] });
const again: Quote = engine.quoteFor(prepared, { cart: request.cart });
const againText: string = engine.quoteForJson(prepared, JSON.stringify({ now: '2026-11-22T10:00:00Z', cart: request.cart }));
prepared.free();

try {
  new Engine({ ...program, currency: 'EURO' });
} catch (e) {
  if (e instanceof CheckoutBenefitsError) {
    const where: string = e.path;
    const code: 'invalid_program' | 'invalid_request' | 'limit_exceeded' = e.code;
    seen.push(where, code, e.problems.length);
  }
}

// @ts-expect-error: unknown keys are not part of the program type
const typo: Program = { version: 1, currency: 'EUR', curency: 'EUR' };

seen.push(version, problems.length, total, text.length, again.totals.total, againText.length, typo);
export default seen;
