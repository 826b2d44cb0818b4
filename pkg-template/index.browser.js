// Browsers and bundlers (plain ES modules, no bundler required), with top-level await.
// The .wasm file next to this file is requested at once, beside the glue and the error
// class, so that the three arrive in one round of requests after this file.
const wasm = fetch(new URL('./checkout_benefits_bg.wasm', import.meta.url));
// Marks a failed request as handled until `init` awaits it and rethrows its error.
wasm.catch(() => {});
const [glue, errors] = await Promise.all([import('./esm/checkout_benefits.js'), import('./error.js')]);
await glue.default({ module_or_path: wasm });

export const {
  Engine,
  PreparedCustomer,
  applyPointsEvents,
  findCustomerByCard,
  recalculateCumulativeDiscounts,
  validateProgram,
} = glue;
export const { CheckoutBenefitsError } = errors;
export const version = glue.packageVersion();
