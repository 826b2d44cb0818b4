// Browsers and bundlers (plain ES modules, no bundler required): the .wasm file is
// fetched next to this file once, with top-level await.
import init, { packageVersion } from './esm/checkout_benefits.js';

await init({ module_or_path: new URL('./checkout_benefits_bg.wasm', import.meta.url) });

export {
  Engine,
  PreparedCustomer,
  applyPointsEvents,
  findCustomerByCard,
  recalculateCumulativeDiscounts,
  validateProgram,
} from './esm/checkout_benefits.js';
export { CheckoutBenefitsError } from './error.js';
export const version = packageVersion();
