#!/usr/bin/env node
// Serves the repository root as static files so that the demo page at /www-demo/
// can import the built package from /pkg/ exactly as a storefront would.
// No dependencies. Port from PORT (0 picks a free one), default 8080; address from
// HOST, default 127.0.0.1 (HOST=0.0.0.0 to reach it from another machine).
import { createServer } from 'node:http';
import { stat, readdir, open } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Cross-origin isolation gives performance.now() a finer resolution, so the
// demo can show quote timings in microseconds. Every resource is same-origin.
const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res, status, type, body, method) {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function listing(res, dir, urlPath, method) {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const items = entries
    .map((e) => {
      const name = e.name + (e.isDirectory() ? '/' : '');
      return `<li><a href="${escapeHtml(encodeURIComponent(e.name) + (e.isDirectory() ? '/' : ''))}">${escapeHtml(name)}</a></li>`;
    })
    .join('\n');
  const title = `Index of ${escapeHtml(urlPath)}`;
  send(res, 200, TYPES['.html'], `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><ul>\n${items}\n</ul>\n`, method);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...COMMON_HEADERS, Allow: 'GET, HEAD' });
    return res.end();
  }
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, TYPES['.txt'], 'bad request\n', req.method);
  }
  if (urlPath === '/') {
    res.writeHead(302, { ...COMMON_HEADERS, Location: '/www-demo/' });
    return res.end();
  }
  const file = normalize(join(ROOT, urlPath));
  if (file !== ROOT && !file.startsWith(ROOT + sep)) {
    return send(res, 403, TYPES['.txt'], 'forbidden\n', req.method);
  }
  if (urlPath.split('/').some((part) => part.startsWith('.') && part !== '')) {
    return send(res, 404, TYPES['.txt'], 'not found\n', req.method);
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    return send(res, 404, TYPES['.txt'], 'not found\n', req.method);
  }
  if (info.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      res.writeHead(301, { ...COMMON_HEADERS, Location: urlPath + '/' });
      return res.end();
    }
    try {
      const index = join(file, 'index.html');
      const indexInfo = await stat(index);
      if (indexInfo.isFile()) return serveFile(req, res, index, indexInfo);
    } catch {
      /* no index.html: list the directory */
    }
    return listing(res, file, urlPath, req.method);
  }
  return serveFile(req, res, file, info);
}

async function serveFile(req, res, file, info) {
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': info.size });
  if (req.method === 'HEAD') return res.end();
  const handle = await open(file, 'r');
  const stream = handle.createReadStream();
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) send(res, 500, TYPES['.txt'], `internal error: ${err.message}\n`, req.method);
    else res.destroy();
  });
});

const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer between 0 and 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const host = process.env.HOST || '127.0.0.1';

server.on('error', (err) => {
  console.error(`cannot serve on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`checkout-benefits demo: http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/www-demo/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
