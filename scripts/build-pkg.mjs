// Assembles the package (argv[3], normally pkg/) from the wasm-bindgen output (argv[2])
// and pkg-template/ (see build-pkg.sh).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gen = resolve(root, process.argv[2]);
const out = resolve(root, process.argv[3]);
const template = join(root, 'pkg-template');

function replaceOnce(text, from, to, what) {
  if (!text.includes(from)) {
    throw new Error(`build-pkg: cannot find ${JSON.stringify(from)} in ${what}`);
  }
  return text.replace(from, to);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'esm'), { recursive: true });
mkdirSync(join(out, 'cjs'), { recursive: true });

// One .wasm file shared by every entry point.
copyFileSync(join(gen, 'checkout_benefits_bg.wasm'), join(out, 'checkout_benefits_bg.wasm'));

// ES module glue: its default location of the .wasm is the package root.
const glue = readFileSync(join(gen, 'esm/checkout_benefits.js'), 'utf8');
const esm = replaceOnce(
  glue,
  "new URL('checkout_benefits_bg.wasm', import.meta.url)",
  "new URL('../checkout_benefits_bg.wasm', import.meta.url)",
  'the ES module glue',
);
writeFileSync(join(out, 'esm/checkout_benefits.js'), esm);

// CommonJS glue, reading the same .wasm file.
let cjs = readFileSync(join(gen, 'cjs/checkout_benefits.js'), 'utf8');
cjs = replaceOnce(
  cjs,
  '`${__dirname}/checkout_benefits_bg.wasm`',
  "require('path').join(__dirname, '..', 'checkout_benefits_bg.wasm')",
  'the CommonJS glue',
);
writeFileSync(join(out, 'cjs/checkout_benefits.cjs'), cjs);

const templateFiles = [
  'README.md',
  'error.js',
  'error.cjs',
  'index.browser.js',
  'index.deno.js',
  'index.node.cjs',
  'index.workerd.js',
  'index.d.ts',
];
for (const f of templateFiles) {
  copyFileSync(join(template, f), join(out, f));
}

// The Node.js (and Bun) ES module entry as one file: pkg-template/index.node.js with the
// glue and error.js written into it in place of its imports of them. Node.js loads each
// ES module file on its own, about half a millisecond each on the benchmark machine, so
// importing one file instead of three takes about 1 ms off a cold start (BENCHMARKS.md,
// "Cold start"). The glue's own exports that are not the package's are dropped; its
// default .wasm location (unused: the entry passes the bytes) is the package root, as
// written by wasm-bindgen.
let ownGlue = replaceOnce(glue, 'export { initSync, __wbg_init as default };', '', 'the ES module glue');
ownGlue = replaceOnce(ownGlue, 'export function packageVersion(', 'function packageVersion(', 'the ES module glue');
// Every import or re-export of the package's own files goes; they must be the glue and
// error.js, which are written in.
const local = /^(?:import|export) \{[^}]*\} from '(\.\/[^']+)';\n/gm;
const entryTemplate = readFileSync(join(template, 'index.node.js'), 'utf8');
const sources = [...new Set([...entryTemplate.matchAll(local)].map((m) => m[1]))].sort();
if (JSON.stringify(sources) !== JSON.stringify(['./error.js', './esm/checkout_benefits.js'])) {
  throw new Error(`build-pkg: pkg-template/index.node.js imports ${sources.join(', ')}, not the glue and error.js`);
}
const nodeEntry = entryTemplate.replace(local, '');
// The entry's opening comment first, then the glue and the error class, then the rest.
const comment = /^(\/\/.*\n)+/.exec(nodeEntry)?.[0] ?? '';
writeFileSync(
  join(out, 'index.node.js'),
  [comment, ownGlue, readFileSync(join(template, 'error.js'), 'utf8'), nodeEntry.slice(comment.length)].join('\n'),
);
writeFileSync(
  join(out, 'index.d.cts'),
  readFileSync(join(template, 'index.d.ts'), 'utf8').replaceAll("'./types.js'", "'./types.cjs'"),
);

// TypeScript types generated from the engine's JSON Schemas.
const schemas = JSON.parse(readFileSync(join(gen, 'schema.json'), 'utf8'));
const names = { program: 'Program', request: 'Request', quote: 'Quote', problem: 'Problem' };
const defsKey = Object.values(schemas).some((s) => s && s.definitions) ? 'definitions' : '$defs';
const defs = {};
const properties = {};
for (const [key, schema] of Object.entries(schemas)) {
  const { $schema, [defsKey]: own = {}, ...rest } = schema; // eslint-disable-line no-unused-vars
  const name = names[key] ?? rest.title ?? key[0].toUpperCase() + key.slice(1);
  for (const [defName, def] of Object.entries(own)) {
    if (defs[defName] && JSON.stringify(defs[defName]) !== JSON.stringify(def)) {
      throw new Error(`build-pkg: two different schemas named ${defName}`);
    }
    defs[defName] = def;
  }
  defs[name] = { ...rest, title: name };
  properties[key] = { $ref: `#/${defsKey}/${name}` };
}
const combined = {
  title: 'CheckoutBenefitsDocuments',
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  [defsKey]: defs,
};
let types = await compile(combined, 'CheckoutBenefitsDocuments', {
  bannerComment:
    '// The data shapes of checkout-benefits, generated from the engine\'s JSON Schemas. Do not edit.',
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: true,
  format: true,
});
writeFileSync(join(out, 'types.d.ts'), types);
writeFileSync(join(out, 'types.d.cts'), types);

// package.json with the crate's version.
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
if (!version) throw new Error('build-pkg: no version in Cargo.toml');
const pkg = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
pkg.version = version;
writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
console.log(`pkg/: checkout-benefits@${version}`);
