// Browser page (bundled by Vite, or plain ES modules with an import map).
import * as api from 'checkout-benefits';
import { runFixtures } from './fixture-runner.js';

const fixtures = await (await fetch('./fixtures.json')).json();
window.__results = runFixtures({ ...api }, fixtures);
document.body.dataset.done = 'true';
