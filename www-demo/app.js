// The live cart preview. Imports the engine exactly as a storefront would: the bare
// specifier 'checkout-benefits' resolves through the import map in index.html.
import { BUILTIN_PRODUCTS, CATEGORY_LABELS, loadExamples, mergeCatalogue } from './catalogue.js';
import { PROFILES } from './customers.js';
import { PRESETS } from './presets.js';
import { describeSyntaxError, lineCol, locatePath } from './json-path.js';

const $ = (id) => document.getElementById(id);
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (ch) => ESC[ch]);

const DEFAULT_SHIPPING = { carrier: 'colissimo', cost: '4.90', city: 'Lyon', postalCode: '69002', country: 'FR' };
const BUILTIN_SEGMENTS = new Set(['deactivated', 'potential', 'recentFirstOrder', 'loyal', 'customers']);
const LOCALE = 'en-GB';

const params = new URLSearchParams(location.search);

const state = {
  cb: null,
  products: new Map(BUILTIN_PRODUCTS.map((p) => [p.id, p])),
  catalogue: BUILTIN_PRODUCTS,
  catalogueSource: 'built-in catalogue',
  presets: [...PRESETS],
  profileId: PROFILES.some((p) => p.id === params.get('customer')) ? params.get('customer') : 'loyal-y',
  now: parseNow(params.get('now')),
  lines: [
    { productId: 'chablis', quantity: 2 },
    { productId: 'comte-24', quantity: 1 },
  ],
  shipping: { ...DEFAULT_SHIPPING },
  promoCodes: [],
  redeem: [],
  // the last program the engine accepted, and its engine
  program: null,
  engine: null,
  engineMs: 0,
  programValid: false,
  prepared: null,
  request: null,
  quote: null,
  quoteError: null,
  timing: null,
};

function parseNow(text) {
  const d = text ? new Date(text) : new Date();
  if (Number.isNaN(d.getTime())) return new Date();
  d.setUTCSeconds(0, 0);
  return d;
}

function isoNow() {
  return state.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------- formatting

const formatters = new Map();
function money(amount, currency = state.program?.currency ?? 'EUR') {
  let fmt = formatters.get(currency);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    } catch {
      fmt = { format: (v) => `${v} ${currency}` };
    }
    formatters.set(currency, fmt);
  }
  // Intl formats decimal strings exactly; numbers from the program JSON are made strings first.
  return fmt.format(String(amount));
}

function percent(p) {
  const s = String(p);
  return `${s.includes('.') ? s.replace(/\.?0+$/, '') : s}%`;
}

function benefitText(bracket) {
  const parts = [];
  if (bracket?.discount?.amount !== undefined) parts.push(`${money(bracket.discount.amount)} off`);
  if (bracket?.discount?.percent !== undefined) parts.push(`${percent(bracket.discount.percent)} off`);
  if (bracket?.freeShipping) parts.push('free shipping');
  return parts.join(' and ') || 'a benefit';
}

function productName(id) {
  return state.products.get(id)?.name ?? id;
}

function initials(name) {
  return name
    .split(/\s+/)
    .filter((w) => /^[\p{L}\d]/u.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');
}

function errorInfo(err) {
  return {
    code: err?.code ?? 'error',
    path: typeof err?.path === 'string' ? err.path : '',
    message: err?.message ?? String(err),
    problems: Array.isArray(err?.problems) ? err.problems : [],
  };
}

// ---------------------------------------------------------------- engine

async function loadEngine() {
  const cb = await import('checkout-benefits');
  // A plain-ESM build may need its Wasm initialised before first use.
  if (cb.ready && typeof cb.ready.then === 'function') await cb.ready;
  else if (typeof cb.ready === 'function') await cb.ready();
  else if (typeof cb.default === 'function' && typeof cb.initSync === 'function') await cb.default();
  return cb;
}

function currentProfile() {
  return PROFILES.find((p) => p.id === state.profileId) ?? PROFILES[0];
}

/** The request's customer; a group the program does not define is dropped (default group). */
function currentCustomer() {
  const customer = currentProfile().customer(state.now);
  let note = '';
  if (customer?.group) {
    const known = (state.program?.groups ?? []).some((g) => g.id === customer.group);
    if (!known) {
      note = `Group “${customer.group}” is not defined by this program, so the default group applies.`;
      delete customer.group;
    }
  }
  return { customer, note };
}

function buildCart() {
  const s = state.shipping;
  const address = {};
  if (s.city.trim()) address.city = s.city.trim();
  if (s.postalCode.trim()) address.postalCode = s.postalCode.trim();
  if (s.country.trim()) address.country = s.country.trim().toUpperCase();
  return {
    currency: state.program?.currency ?? 'EUR',
    lines: state.lines.map((l) => {
      const p = state.products.get(l.productId);
      return { id: `line-${p.id}`, productId: p.id, categories: p.categories, unitPrice: p.price, quantity: l.quantity };
    }),
    shipping: {
      carrier: s.carrier,
      method: s.carrier === 'pickup' ? 'pickup' : 'home',
      cost: s.cost.trim() === '' ? '0' : s.cost.trim(),
      address,
    },
    promoCodes: [...state.promoCodes],
    redeem: [...state.redeem],
  };
}

function freeEngine() {
  try {
    state.prepared?.value?.free?.();
  } catch {
    /* already released */
  }
  state.prepared = null;
}

function requote() {
  if (!state.engine) return;
  const { customer, note } = currentCustomer();
  const cart = buildCart();
  const now = isoNow();
  state.request = { now, customer, cart };
  state.customerNote = note;
  const engine = state.engine;
  try {
    let run;
    let fast = false;
    if (customer && typeof engine.prepareCustomer === 'function' && typeof engine.quoteFor === 'function') {
      const key = `${state.profileId}|${now}|${customer.group ?? ''}`;
      if (state.prepared?.key !== key) {
        freeEngine();
        state.prepared = { key, value: engine.prepareCustomer(customer) };
      }
      const prepared = state.prepared.value;
      run = () => engine.quoteFor(prepared, { now, cart });
      fast = true;
    } else {
      run = () => engine.quote(state.request);
    }
    const t0 = performance.now();
    const quote = run();
    const first = performance.now() - t0;
    // One call is often below the timer's resolution, and the very first one also pays
    // for warming up the Wasm code: time the same quote again for up to ~2 ms.
    // The median keeps a garbage collection pause from standing in for the engine.
    const samples = [];
    let total = 0;
    while (samples.length < 5 || (total < 2 && samples.length < 200)) {
      const t = performance.now();
      run();
      const dt = performance.now() - t;
      samples.push(dt);
      total += dt;
    }
    samples.sort((a, b) => a - b);
    const mid = samples.length >> 1;
    const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
    state.quote = quote;
    state.quoteError = null;
    state.timing = { us: median * 1000, firstUs: first * 1000, runs: samples.length, fast };
  } catch (err) {
    state.quoteError = errorInfo(err);
  }
  render();
}

// ---------------------------------------------------------------- program editor

function setProgramText(text) {
  const editor = $('program-editor');
  editor.value = text;
  onProgramInput();
}

function onProgramInput() {
  const text = $('program-editor').value;
  let program;
  try {
    program = JSON.parse(text);
  } catch (err) {
    const d = describeSyntaxError(text, err);
    showProblems(text, [{ code: 'invalid_json', path: d.path, message: d.message, offset: d.offset }], 'invalid JSON');
    return;
  }
  let problems;
  try {
    problems = state.cb.validateProgram(program) ?? [];
  } catch (err) {
    const e = errorInfo(err);
    problems = e.problems.length ? e.problems : [e];
  }
  if (problems.length) {
    showProblems(text, problems, problems.length === 1 ? '1 problem' : `${problems.length} problems`);
    return;
  }
  let engine;
  const t0 = performance.now();
  try {
    engine = new state.cb.Engine(program);
  } catch (err) {
    const e = errorInfo(err);
    showProblems(text, e.problems.length ? e.problems : [e], 'rejected');
    return;
  }
  const engineMs = performance.now() - t0;
  freeEngine();
  try {
    state.engine?.free?.();
  } catch {
    /* already released */
  }
  state.engine = engine;
  state.engineMs = engineMs;
  state.program = program;
  state.programValid = true;
  const rewardIds = new Set((program.rewards ?? []).map((r) => r.id));
  state.redeem = state.redeem.filter((id) => rewardIds.has(id));
  showProblems(text, [], 'valid');
  renderRewardsList();
  renderCatalogue();
  requote();
}

function showProblems(text, problems, status) {
  const valid = problems.length === 0;
  if (!valid) state.programValid = false;
  const badge = $('program-status');
  badge.textContent = valid ? `valid · compiled in ${state.engineMs < 1 ? state.engineMs.toFixed(2) : state.engineMs.toFixed(1)} ms` : status;
  badge.className = `status-badge ${valid ? 'ok' : 'bad'}`;
  $('program-editor').classList.toggle('invalid', !valid);
  $('program-problems').innerHTML = problems
    .map((p, i) => {
      const offset = p.offset ?? locatePath(text, p.path);
      const { line, column } = lineCol(text, offset);
      return `<li data-testid="problem" data-index="${i}" data-offset="${offset}">
        <button type="button" class="problem-jump" title="Show in the editor">
          <code data-testid="problem-path">${esc(p.path || '(root)')}</code>
          <span class="problem-where">line ${line}, col ${column}</span>
        </button>
        <span class="problem-code">${esc(p.code)}</span>
        <span data-testid="problem-message" class="problem-message">${esc(String(p.message ?? '').replace(/ at line \d+ column \d+$/, ''))}</span>
      </li>`;
    })
    .join('');
  if (!valid) render();
}

function jumpTo(offset) {
  const editor = $('program-editor');
  const text = editor.value;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  editor.focus();
  editor.setSelectionRange(start, end);
  const { line } = lineCol(text, offset);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
  editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

// ---------------------------------------------------------------- rendering

function render() {
  renderCustomerComputed();
  renderCart();
  renderPromos();
  renderRewardStatuses();
  renderNudge();
  renderSummary();
  renderTrace();
  renderRaw();
  renderTiming();
}

function renderCustomers() {
  $('customers').innerHTML = PROFILES.map(
    (p) => `<button type="button" role="radio" class="customer" data-id="${esc(p.id)}" data-testid="customer-${esc(p.id)}" aria-checked="false">
      <span class="customer-role">${esc(p.role)}</span>
      <span class="customer-blurb">${esc(p.id === 'guest' ? p.blurb : `${p.name} · ${p.blurb}`)}</span>
    </button>`,
  ).join('');
  markCustomer();
}

function markCustomer() {
  for (const el of document.querySelectorAll('.customer')) {
    el.setAttribute('aria-checked', String(el.dataset.id === state.profileId));
  }
}

function segmentName(id) {
  const seg = (state.program?.segments ?? []).find((s) => s.id === id);
  return seg?.name ?? id;
}

function renderCustomerComputed() {
  const q = state.quote;
  const segs = $('customer-segments');
  const group = $('customer-group');
  const disc = $('customer-discount');
  if (!q) return;
  if (!q.customer) {
    segs.innerHTML = '<span class="muted">guest: no segment</span>';
    group.innerHTML = '<span class="muted">none</span>';
    disc.textContent = '–';
  } else {
    segs.innerHTML = q.customer.segments.length
      ? q.customer.segments
          .map((s) => `<span class="chip ${BUILTIN_SEGMENTS.has(s) ? 'chip-builtin' : 'chip-custom'}" data-testid="segment" title="${esc(segmentName(s))}">${esc(s)}</span>`)
          .join('')
      : '<span class="muted">none</span>';
    const g = (state.program?.groups ?? []).find((x) => x.id === q.customer.group);
    group.innerHTML = q.customer.group
      ? `<span class="chip chip-group" data-testid="group-chip" style="--group:${esc(/^#[0-9a-f]{6}$/i.test(g?.colour ?? '') ? g.colour : '#475569')}">${esc(g?.name ?? q.customer.group)}</span>`
      : '<span class="muted">no groups in this program</span>';
    const cd = q.customer.customerDiscount;
    const parts = [];
    if (cd && cd.source) parts.push(`${percent(cd.percent)} (${cd.source})`);
    const cumulative = q.customer.cumulativeDiscount;
    const alreadyShown = cd?.source === 'cumulative' && Number(cd.percent) === Number(cumulative);
    if (cumulative !== null && cumulative !== undefined && Number(cumulative) !== 0 && !alreadyShown) parts.push(`stored cumulative ${percent(cumulative)}`);
    disc.textContent = parts.join(' · ') || 'none';
  }
  const profile = currentProfile();
  $('customer-note').textContent = state.customerNote || (profile.expected ? `Profile meant for: ${profile.expected}.` : '');
}

function renderCatalogue() {
  const byCat = new Map();
  for (const p of state.catalogue) {
    const cat = p.categories[0] ?? 'other';
    if (!byCat.has(cat)) byCat.set(cat, []);
    byCat.get(cat).push(p);
  }
  $('catalogue').innerHTML = [...byCat]
    .map(
      ([cat, items]) => `<div class="cat" data-testid="category-${esc(cat)}">
        <h3 class="cat-title cat-${esc(cat)}">${esc(CATEGORY_LABELS[cat] ?? cat)}</h3>
        <ul class="products">${items
          .map(
            (p) => `<li class="product">
              <span class="swatch cat-${esc(p.categories[0] ?? 'other')}" aria-hidden="true">${esc(initials(p.name))}</span>
              <span class="product-text"><span class="product-name">${esc(p.name)}</span>
              <span class="product-price" data-testid="price-${esc(p.id)}">${esc(money(p.price))}${p.fromExamples ? ' <span class="tag">example</span>' : ''}</span></span>
              <button type="button" class="btn btn-add" data-add="${esc(p.id)}" data-testid="add-${esc(p.id)}" aria-label="Add ${esc(p.name)}">Add</button>
            </li>`,
          )
          .join('')}</ul></div>`,
    )
    .join('');
  $('catalogue-source').textContent = state.catalogueSource;
}

function lineRow(productId) {
  const li = document.createElement('li');
  li.className = 'cart-line';
  li.dataset.product = productId;
  li.setAttribute('data-testid', `line-${productId}`);
  const p = state.products.get(productId);
  li.innerHTML = `<span class="swatch cat-${esc(p.categories[0] ?? 'other')}" aria-hidden="true">${esc(initials(p.name))}</span>
    <div class="line-main">
      <div class="line-name">${esc(p.name)}</div>
      <div class="line-unit small muted" data-role="unit"></div>
      <div class="line-sources" data-role="sources"></div>
    </div>
    <div class="qty">
      <button type="button" class="qty-btn" data-step="-1" data-testid="dec-${esc(productId)}" aria-label="One less">−</button>
      <input class="qty-input" type="number" min="1" max="999" step="1" inputmode="numeric" data-testid="qty-${esc(productId)}" aria-label="Quantity of ${esc(p.name)}" />
      <button type="button" class="qty-btn" data-step="1" data-testid="inc-${esc(productId)}" aria-label="One more">+</button>
    </div>
    <div class="line-amounts">
      <span class="line-before" data-role="before"></span>
      <span class="line-total" data-role="total" data-testid="line-total-${esc(productId)}"></span>
    </div>
    <button type="button" class="remove" data-testid="remove-${esc(productId)}" aria-label="Remove ${esc(p.name)}">×</button>`;
  return li;
}

function renderCart() {
  const list = $('cart-lines');
  const rows = new Map([...list.children].map((el) => [el.dataset.product, el]));
  const qLines = new Map((state.quote?.lines ?? []).map((l) => [l.id, l]));
  let prev = null;
  for (const line of state.lines) {
    let row = rows.get(line.productId);
    if (!row) row = lineRow(line.productId);
    rows.delete(line.productId);
    const expectedNext = prev ? prev.nextSibling : list.firstChild;
    if (row !== expectedNext) list.insertBefore(row, expectedNext);
    prev = row;
    const p = state.products.get(line.productId);
    const input = row.querySelector('.qty-input');
    if (document.activeElement !== input) input.value = String(line.quantity);
    const ql = qLines.get(`line-${line.productId}`);
    const unit = row.querySelector('[data-role=unit]');
    const before = row.querySelector('[data-role=before]');
    const total = row.querySelector('[data-role=total]');
    const sources = row.querySelector('[data-role=sources]');
    if (ql && ql.quantity === line.quantity) {
      const groupPrice = ql.price !== ql.unitPrice;
      unit.innerHTML = groupPrice
        ? `<s>${esc(money(ql.unitPrice))}</s> <span class="group-price" data-testid="line-price-${esc(p.id)}">${esc(money(ql.price))}</span> each`
        : `<span data-testid="line-price-${esc(p.id)}">${esc(money(ql.price))}</span> each`;
      const discounted = Number(ql.discount) !== 0;
      before.textContent = discounted ? money(ql.subtotal) : '';
      total.textContent = money(ql.total);
      sources.innerHTML = ql.discounts
        .map((d) => `<span class="chip chip-discount" title="${esc(d.source)}">${esc(d.source)} −${esc(money(d.amount))}</span>`)
        .join('');
      row.classList.toggle('discounted', discounted);
    } else {
      unit.textContent = `${money(p.price)} each`;
      before.textContent = '';
      total.textContent = '';
      sources.innerHTML = '';
    }
  }
  for (const stale of rows.values()) stale.remove();
  $('cart-empty').hidden = state.lines.length > 0;
  const gifts = state.quote?.gifts ?? [];
  $('gifts').innerHTML = gifts
    .map(
      (g) => `<div class="gift" data-testid="gift-${esc(g.id)}"><span class="gift-icon" aria-hidden="true">+</span>
        Free gift: <strong>${esc(productName(g.product))}</strong> × ${esc(g.quantity)} <span class="muted small">(${esc(g.id)})</span></div>`,
    )
    .join('');
  for (const btn of document.querySelectorAll('[data-add]')) {
    const inCart = state.lines.find((l) => l.productId === btn.dataset.add);
    btn.textContent = inCart ? `Add · ${inCart.quantity}` : 'Add';
    btn.classList.toggle('in-cart', Boolean(inCart));
  }
}

function renderPromos() {
  const statuses = state.quote?.promoCodes ?? [];
  $('promo-list').innerHTML = state.promoCodes
    .map((code, i) => {
      const st = statuses[i] && statuses[i].code.toLowerCase() === code.toLowerCase() ? statuses[i] : null;
      const status = st?.status ?? 'pending';
      return `<li class="status-item status-${esc(status)}" data-testid="promo-${esc(code)}">
        <code>${esc(code)}</code>
        <span class="chip chip-${esc(status)}" data-testid="promo-status">${esc(status)}</span>
        <span class="reason small" data-testid="promo-reason">${esc(st?.reason ?? '')}</span>
        <button type="button" class="remove" data-remove-code="${i}" aria-label="Remove code ${esc(code)}">×</button>
      </li>`;
    })
    .join('');
}

function renderRewardsList() {
  const rewards = state.program?.rewards ?? [];
  $('rewards').innerHTML = rewards.length
    ? rewards
        .map((r) => {
          let what = r.type;
          if (r.type === 'voucher') what = `${money(r.amount)} voucher`;
          else if (r.type === 'percentOff') what = `${percent(r.percent)} off`;
          else if (r.type === 'freeShipping') what = 'free shipping';
          else if (r.type === 'freeProduct') what = `${r.quantity ?? 1} × ${productName(r.product)} free`;
          else if (r.type === 'buyXGetY') what = `buy ${r.buy?.quantity}, get ${r.get?.quantity} at ${percent(r.get?.percent ?? '100')} off`;
          return `<li class="reward" data-testid="reward-${esc(r.id)}">
            <label><input type="checkbox" data-reward="${esc(r.id)}" data-testid="reward-check-${esc(r.id)}" ${state.redeem.includes(r.id) ? 'checked' : ''} />
            <span class="reward-name">${esc(r.name ?? r.id)}</span>
            <span class="muted small">${esc(what)}${r.minSubtotal !== undefined ? ` · from ${esc(money(r.minSubtotal))}` : ''}</span></label>
            <span class="reward-cost">${esc(r.pointsCost)} pts</span>
            <span class="reward-status" data-role="status"></span>
          </li>`;
        })
        .join('')
    : '<li class="muted small">This program has no rewards to redeem.</li>';
}

function renderRewardStatuses() {
  const byId = new Map((state.quote?.rewards ?? []).map((r) => [r.id, r]));
  for (const li of document.querySelectorAll('.reward')) {
    const id = li.dataset.testid.slice('reward-'.length);
    const st = byId.get(id);
    const slot = li.querySelector('[data-role=status]');
    slot.innerHTML = st
      ? `<span class="chip chip-${esc(st.status)}" data-testid="reward-status">${esc(st.status)}</span>${st.reason ? ` <span class="reason small" data-testid="reward-reason">${esc(st.reason)}</span>` : ''}`
      : '';
  }
  const q = state.quote;
  $('points-available').textContent = q?.customer ? `balance ${q.points.balance + q.points.redeemed} pts` : q ? 'sign in to redeem' : '';
}

function renderNudge() {
  const q = state.quote;
  const nudge = $('nudge');
  const progress = $('progress');
  if (!q) {
    nudge.innerHTML = '';
    progress.innerHTML = '';
    return;
  }
  const offers = state.program?.offers ?? [];
  const offerId = q.nextBracket?.offer ?? q.offer?.id;
  const offer = offers.find((o) => o.id === offerId);
  const brackets = offer?.brackets ?? [];
  if (!offer || brackets.length === 0) {
    let why = 'No tiered offer for this customer.';
    if (offers.length === 0) why = 'This program has no tiered offers.';
    else if (!q.customer) why = 'Sign in to unlock customer offers.';
    nudge.innerHTML = `<p class="nudge-text quiet" data-testid="nudge-text">${esc(why)}</p>`;
    progress.innerHTML = '';
    return;
  }
  const subtotal = Number(q.totals.subtotal);
  let text;
  let cls = '';
  if (q.nextBracket) {
    const b = brackets[q.nextBracket.bracket];
    text = `Add ${money(q.nextBracket.missing)} more for ${benefitText(b)}`;
  } else {
    text = `Top tier reached: ${benefitText(brackets[brackets.length - 1])}`;
    cls = 'done';
  }
  let current = '';
  if (q.offer && q.offer.id === offer.id) {
    current = q.offer.withheld
      ? `Reached: ${benefitText(brackets[q.offer.bracket])}, but the discount is withheld: ${q.offer.withheld}`
      : `Unlocked: ${benefitText(brackets[q.offer.bracket])}`;
  } else if (q.offer) {
    current = `Applied instead: ${q.offer.id}`;
  }
  nudge.innerHTML = `<div class="nudge-offer small muted">${esc(offer.name ?? offer.id)}</div>
    <p class="nudge-text ${cls}" data-testid="nudge-text">${esc(text)}</p>
    <div class="nudge-current small${q.offer?.withheld ? ' withheld' : ''}" data-testid="nudge-current">${esc(current)}</div>`;
  const mins = brackets.map((b) => Number(b.minSubtotal));
  const top = Math.max(...mins, 1);
  const scale = Math.max(top * 1.12, subtotal * 1.02);
  const pct = (v) => Math.min(100, (v / scale) * 100);
  progress.innerHTML = `<div class="bar"><div class="fill" data-testid="progress-fill" style="width:${pct(subtotal).toFixed(2)}%"></div>
    ${brackets
      .map(
        (b, i) => `<div class="mark${Number(b.minSubtotal) <= subtotal ? ' reached' : ''}${pct(Number(b.minSubtotal)) > 75 ? ' end' : ''}${pct(Number(b.minSubtotal)) < 12 ? ' start' : ''}" style="left:${pct(Number(b.minSubtotal)).toFixed(2)}%" data-testid="bracket-${i}">
          <span class="mark-dot"></span>
          <span class="mark-label"><strong>${esc(money(b.minSubtotal))}</strong><br />${esc(benefitText(b))}</span>
        </div>`,
      )
      .join('')}</div>`;
}

function renderSummary() {
  const q = state.quote;
  const stale = Boolean(state.quoteError) || !state.programValid;
  $('stale-flag').hidden = !stale || !q;
  document.querySelector('.summary').classList.toggle('stale', stale && Boolean(q));
  const errBox = $('quote-error');
  if (state.quoteError) {
    const e = state.quoteError;
    errBox.hidden = false;
    errBox.innerHTML = `<strong>${esc(e.code)}</strong> at <code data-testid="quote-error-path">${esc(e.path || '(request)')}</code>: ${esc(e.message)}`;
  } else if (!state.programValid) {
    errBox.hidden = false;
    errBox.innerHTML = 'The program in the editor has problems; the quote below is from the last valid program.';
  } else {
    errBox.hidden = true;
    errBox.innerHTML = '';
  }
  if (!q) {
    $('quote').innerHTML = '';
    return;
  }
  const hasDiscount = Number(q.totals.discount) !== 0;
  const ship = q.shipping;
  const offerLine = q.offer
    ? `<div class="benefit" data-testid="quote-offer"><span class="chip chip-${q.offer.withheld ? 'rejected' : 'applied'}">offer</span>
        <span><strong>${esc(q.offer.id)}</strong>, bracket ${q.offer.bracket + 1}: ${esc(
          [Number(q.offer.discount) !== 0 || !q.offer.freeShipping ? `${money(q.offer.discount)} off` : '', q.offer.freeShipping ? 'free shipping' : '']
            .filter(Boolean)
            .join(' + '),
        )}${
          q.offer.withheld ? `<br /><span class="reason small">withheld: ${esc(q.offer.withheld)}</span>` : ''
        }</span></div>`
    : '';
  const cd = q.customer?.customerDiscount;
  const cdLine = cd?.source
    ? `<div class="benefit" data-testid="quote-customer-discount"><span class="chip chip-applied">customer</span><span>${esc(cd.source)} discount ${esc(percent(cd.percent))}</span></div>`
    : '';
  const pts = q.points;
  $('quote').innerHTML = `
    <dl class="totals">
      <div><dt>Subtotal</dt><dd data-testid="totals-subtotal">${esc(money(q.totals.subtotal))}</dd></div>
      <div class="${hasDiscount ? 'discount' : 'zero'}"><dt>Discounts</dt><dd class="minus" data-testid="totals-discount">${esc(money(q.totals.discount))}</dd></div>
      <div><dt>Shipping${ship.free ? ' <span class="chip chip-applied">free</span>' : ''}</dt>
        <dd>${ship.free || Number(ship.discount) !== 0 ? `<s class="muted">${esc(money(ship.cost))}</s> ` : ''}<span data-testid="totals-shipping">${esc(money(q.totals.shipping))}</span></dd></div>
      <div class="grand"><dt>Total</dt><dd data-testid="totals-total">${esc(money(q.totals.total))}</dd></div>
    </dl>
    <div class="benefits">${offerLine}${cdLine}</div>
    <div class="points" data-testid="points">
      <div><span class="points-num" data-testid="points-earned">${esc(pts.earned)}</span><span class="points-label">points earned</span></div>
      <div><span class="points-num" data-testid="points-redeemed">${esc(pts.redeemed)}</span><span class="points-label">redeemed</span></div>
      <div><span class="points-num" data-testid="points-balance">${esc(pts.balance)}</span><span class="points-label">balance after</span></div>
      <div><span class="points-num" data-testid="points-multiplier">×${esc(pts.multiplier)}</span><span class="points-label">multiplier</span></div>
    </div>`;
}

function renderTrace() {
  const q = state.quote;
  const trace = q?.trace ?? [];
  $('trace').innerHTML = trace.length
    ? trace
        .map(
          (t) => `<li class="trace-entry outcome-${esc(t.outcome)}" data-testid="trace-entry">
            <code class="trace-rule">${esc(t.rule)}</code>
            <span class="chip chip-${esc(t.outcome)}">${esc(t.outcome)}</span>
            ${t.reason ? `<span class="reason small">${esc(t.reason)}</span>` : ''}
          </li>`,
        )
        .join('')
    : '<li class="muted small">No rule was considered for this cart.</li>';
}

function renderRaw() {
  $('raw-request').textContent = state.request ? JSON.stringify(state.request, null, 2) : '';
  $('raw-quote').textContent = state.quote ? JSON.stringify(state.quote, null, 2) : '';
}

function renderTiming() {
  const t = state.timing;
  const el = $('quote-time');
  if (!t) {
    el.textContent = '–';
    return;
  }
  const us = t.us < 10 ? t.us.toFixed(1) : Math.round(t.us).toLocaleString(LOCALE);
  el.textContent = `quote ${us} µs`;
  el.title = `Median time of engine.${t.fast ? 'quoteFor (prepared customer)' : 'quote'} over ${t.runs} runs of this cart; the live call took ${Math.round(t.firstUs).toLocaleString(LOCALE)} µs`;
}

// ---------------------------------------------------------------- events

function addProduct(id, n = 1) {
  const line = state.lines.find((l) => l.productId === id);
  if (line) line.quantity = Math.min(999, line.quantity + n);
  else state.lines.push({ productId: id, quantity: n });
  requote();
}

function setQuantity(id, q) {
  const line = state.lines.find((l) => l.productId === id);
  if (!line) return;
  if (q <= 0) state.lines = state.lines.filter((l) => l !== line);
  else line.quantity = Math.min(999, q);
  requote();
}

function applyShippingInputs() {
  $('ship-carrier').value = state.shipping.carrier;
  $('ship-cost').value = state.shipping.cost;
  $('ship-city').value = state.shipping.city;
  $('ship-postal').value = state.shipping.postalCode;
  $('ship-country').value = state.shipping.country;
}

function bindEvents() {
  $('customers').addEventListener('click', (e) => {
    const btn = e.target.closest('.customer');
    if (!btn) return;
    state.profileId = btn.dataset.id;
    const profile = currentProfile();
    state.shipping = { ...(profile.shipping ?? DEFAULT_SHIPPING) };
    applyShippingInputs();
    markCustomer();
    requote();
  });
  $('catalogue').addEventListener('click', (e) => {
    const btn = e.target.closest('[data-add]');
    if (btn) addProduct(btn.dataset.add);
  });
  const lines = $('cart-lines');
  lines.addEventListener('click', (e) => {
    const row = e.target.closest('.cart-line');
    if (!row) return;
    const id = row.dataset.product;
    const line = state.lines.find((l) => l.productId === id);
    if (e.target.closest('.remove')) setQuantity(id, 0);
    else if (e.target.closest('.qty-btn') && line) setQuantity(id, line.quantity + Number(e.target.closest('.qty-btn').dataset.step));
  });
  lines.addEventListener('input', (e) => {
    if (!e.target.matches('.qty-input')) return;
    const n = Number(e.target.value);
    if (Number.isInteger(n) && n >= 1) setQuantity(e.target.closest('.cart-line').dataset.product, n);
  });
  lines.addEventListener('change', (e) => {
    if (!e.target.matches('.qty-input')) return;
    const id = e.target.closest('.cart-line').dataset.product;
    const n = Number(e.target.value);
    if (Number.isInteger(n)) setQuantity(id, n);
    else renderCart();
  });
  $('cart-clear').addEventListener('click', () => {
    state.lines = [];
    requote();
  });
  const shipFields = [
    ['ship-carrier', 'carrier'],
    ['ship-cost', 'cost'],
    ['ship-city', 'city'],
    ['ship-postal', 'postalCode'],
    ['ship-country', 'country'],
  ];
  for (const [id, key] of shipFields) {
    $(id).addEventListener('input', (e) => {
      state.shipping[key] = e.target.value;
      if (key === 'carrier' && e.target.value === 'pickup') {
        state.shipping.cost = '0';
        $('ship-cost').value = '0';
      }
      requote();
    });
  }
  $('promo-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('promo-input');
    const code = input.value.trim();
    if (code && !state.promoCodes.some((c) => c.toLowerCase() === code.toLowerCase())) state.promoCodes.push(code);
    input.value = '';
    requote();
  });
  $('promo-list').addEventListener('click', (e) => {
    const btn = e.target.closest('[data-remove-code]');
    if (!btn) return;
    state.promoCodes.splice(Number(btn.dataset.removeCode), 1);
    requote();
  });
  $('rewards').addEventListener('change', (e) => {
    const id = e.target.dataset.reward;
    if (!id) return;
    state.redeem = state.redeem.filter((r) => r !== id);
    if (e.target.checked) state.redeem.push(id);
    requote();
  });
  $('program-editor').addEventListener('input', onProgramInput);
  $('program-editor').addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      document.execCommand('insertText', false, '  ');
    }
  });
  $('program-problems').addEventListener('click', (e) => {
    const li = e.target.closest('[data-offset]');
    if (li) jumpTo(Number(li.dataset.offset));
  });
  $('program-preset').addEventListener('change', (e) => selectPreset(e.target.value));
  $('now').addEventListener('change', (e) => {
    if (!e.target.value) return;
    state.now = parseNow(e.target.value);
    requote();
  });
}

function renderPresetOptions() {
  $('program-preset').innerHTML = state.presets
    .map((p) => `<option value="${esc(p.id)}">${esc(p.name)}</option>`)
    .join('');
}

function selectPreset(id) {
  const preset = state.presets.find((p) => p.id === id) ?? state.presets[0];
  $('program-preset').value = preset.id;
  $('preset-about').textContent = preset.about ?? '';
  setProgramText(JSON.stringify(preset.program, null, 2));
  $('program-editor').scrollTop = 0;
}

function localInputValue(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// ---------------------------------------------------------------- start

async function main() {
  const boot = $('boot');
  try {
    state.cb = await loadEngine();
  } catch (err) {
    boot.classList.add('boot-error');
    boot.innerHTML = `<strong>The checkout-benefits package could not be loaded.</strong><br />
      Build it first (<code>bash scripts/start.sh</code> builds <code>pkg/</code> and serves this page).<br />
      <span class="small muted">${esc(err?.message ?? err)}</span>`;
    return;
  }
  const examples = await loadExamples();
  if (examples.products.length) {
    state.catalogue = mergeCatalogue(examples.products);
    state.products = new Map(state.catalogue.map((p) => [p.id, p]));
    const added = state.catalogue.length - BUILTIN_PRODUCTS.length;
    state.catalogueSource = added ? `built-in + ${added} from examples/` : 'built-in catalogue';
  } else {
    state.catalogueSource = 'built-in catalogue';
  }
  for (const ex of examples.programs) {
    state.presets.push({ id: `example:${ex.name}`, name: `examples/${ex.name}`, about: `Loaded from /examples/${ex.name}.`, program: ex.program });
  }
  $('engine-version').textContent = `engine ${state.cb.version ?? ''}`.trim();
  $('now').value = localInputValue(state.now);
  renderCustomers();
  renderCatalogue();
  state.shipping = { ...(currentProfile().shipping ?? DEFAULT_SHIPPING) };
  applyShippingInputs();
  renderPresetOptions();
  bindEvents();
  boot.hidden = true;
  $('app').hidden = false;
  const wanted = params.get('preset');
  selectPreset(state.presets.some((p) => p.id === wanted) ? wanted : 'segment-y');
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  // The page must never go blank: show what happened.
  const boot = $('boot');
  boot.hidden = false;
  boot.classList.add('boot-error');
  boot.textContent = `Unexpected error: ${err?.stack ?? err}`;
});
