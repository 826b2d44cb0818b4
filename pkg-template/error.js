/**
 * The error thrown for a refused program or request: a real `Error` whose `name` is
 * `'CheckoutBenefitsError'`, with `code` (`invalid_program`, `invalid_request`,
 * `limit_exceeded`), `path` (e.g. `offers[0].brackets[1].minSubtotal`) and `problems`.
 *
 * Errors raised inside the engine are plain `Error` objects carrying these fields;
 * `instanceof CheckoutBenefitsError` recognises them by name, in every runtime and
 * across module formats.
 */
export class CheckoutBenefitsError extends Error {
  constructor(message, { code, path = '', problems } = {}) {
    super(message);
    this.name = 'CheckoutBenefitsError';
    this.code = code;
    this.path = path;
    this.problems = problems ?? [{ code, path, message }];
  }

  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'CheckoutBenefitsError';
  }
}
