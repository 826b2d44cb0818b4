'use strict';
// Node.js and Bun (CommonJS).
const engine = require('./cjs/checkout_benefits.cjs');
const { CheckoutBenefitsError } = require('./error.cjs');

module.exports = {
  Engine: engine.Engine,
  PreparedCustomer: engine.PreparedCustomer,
  applyPointsEvents: engine.applyPointsEvents,
  findCustomerByCard: engine.findCustomerByCard,
  recalculateCumulativeDiscounts: engine.recalculateCumulativeDiscounts,
  validateProgram: engine.validateProgram,
  CheckoutBenefitsError,
  version: engine.packageVersion(),
};
