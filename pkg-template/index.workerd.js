// Cloudflare Workers (workerd): the .wasm file is imported as a compiled module.
import wasmModule from './checkout_benefits_bg.wasm';
import { initSync, packageVersion } from './esm/checkout_benefits.js';

initSync({ module: wasmModule });

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
