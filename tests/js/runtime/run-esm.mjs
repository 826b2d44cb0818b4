// Node ESM, Deno and Bun: node run-esm.mjs FIXTURES.json > RESULTS.json
import { readFileSync } from 'node:fs';
import process from 'node:process';
import * as api from 'checkout-benefits';
import { runFixtures } from './fixture-runner.js';

const fixtures = JSON.parse(readFileSync(process.argv[2], 'utf8'));
process.stdout.write(JSON.stringify(runFixtures({ ...api }, fixtures)));
