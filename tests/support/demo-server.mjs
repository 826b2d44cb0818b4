// The demo server (scripts/serve-demo.mjs) on a free port of 127.0.0.1, for the browser
// tests and the browser benchmark: resolves to the child process and the demo page's URL
// once the server prints it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../scripts/serve-demo.mjs', import.meta.url));

export function startDemoServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the demo server printed no URL within 10 s: ${out}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited with ${code}: ${out}`));
    });
  });
}
