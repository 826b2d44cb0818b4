// A Cloudflare Worker that quotes with the package: POST the fixtures, get the results.
import * as api from 'checkout-benefits';
import { runFixtures } from './fixture-runner.js';

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return Response.json({ version: api.version });
    }
    const fixtures = await request.json();
    return Response.json(runFixtures({ ...api }, fixtures));
  },
};
