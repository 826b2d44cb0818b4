// Deno: the .wasm file is read next to this file (needs read access to it).
import { initSync, packageVersion } from './esm/checkout_benefits.js';

initSync({ module: await Deno.readFile(new URL('./checkout_benefits_bg.wasm', import.meta.url)) });

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
