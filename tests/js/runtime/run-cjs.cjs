'use strict';
// Node CommonJS: node run-cjs.cjs FIXTURES.json > RESULTS.json
const { readFileSync } = require('node:fs');
const api = require('checkout-benefits');

import('./fixture-runner.js').then(({ runFixtures }) => {
  const fixtures = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(JSON.stringify(runFixtures({ ...api }, fixtures)));
});
