// Node.js and Bun (ES modules): the WebAssembly module is read from disk synchronously.
// The package's index.node.js is this file with the glue and error.js written into it
// in place of its imports of them (scripts/build-pkg.mjs): one module to load, not three.
import { readFileSync } from 'node:fs';
import { initSync, packageVersion } from './esm/checkout_benefits.js';

initSync({ module: readFileSync(new URL('./checkout_benefits_bg.wasm', import.meta.url)) });

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
