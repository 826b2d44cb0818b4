// Runs the seed scenario (segment Y: 50 gets 5 off, 150 gets 10 % and free shipping)
// through the built npm package in Node and through the native CLI, prints what the
// customer gets at each cart total, and fails if the two disagree by a single byte.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Engine } = require(join(root, 'pkg'));

const programPath = join(root, 'examples/seed-program.json');
const engine = new Engine(JSON.parse(readFileSync(programPath, 'utf8')));
const cli = join(root, 'target/release/checkout-benefits');

let mismatches = 0;
console.log('Seed scenario: segment Y, 50 -> 5.00 off, 150 -> 10 % off + free shipping');
for (const total of ['49.99', '60', '150']) {
  const requestPath = join(root, `examples/seed-request-${total}.json`);
  const text = readFileSync(requestPath, 'utf8');
  const fromPackage = engine.quoteJson(text);
  const fromCli = execFileSync(cli, ['quote', '--program', programPath, '--request', requestPath], {
    encoding: 'utf8',
  }).trim();
  const q = JSON.parse(fromPackage);
  const nudge = q.nextBracket
    ? `add ${q.nextBracket.missing} for bracket ${q.nextBracket.bracket}`
    : 'top bracket';
  console.log(
    `  subtotal ${q.totals.subtotal}: discount ${q.totals.discount}, shipping ${q.totals.shipping}` +
      ` (free: ${q.shipping.free}), total ${q.totals.total}, points ${q.points.earned}, ${nudge}`,
  );
  if (fromPackage !== fromCli) {
    mismatches += 1;
    console.error(`  MISMATCH between the npm package and the CLI at ${total}`);
  }
}
if (mismatches > 0) process.exit(1);
console.log('npm package (Wasm, Node) and native CLI quotes are byte-identical.');
