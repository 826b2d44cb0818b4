// Browser page: the package imported while its .wasm cannot be fetched (the test makes
// that request fail). The import must fail with the request's error, and no promise be
// left rejected and unhandled on the way.
const unhandled = [];
window.addEventListener('unhandledrejection', (e) => unhandled.push(String(e.reason)));
let error = null;
try {
  await import('checkout-benefits');
} catch (e) {
  error = { name: e.name, message: e.message };
}
// Time for a stray rejection to be reported.
await new Promise((resolve) => setTimeout(resolve, 300));
window.__loadFailure = { error, unhandled };
document.body.dataset.done = 'true';
