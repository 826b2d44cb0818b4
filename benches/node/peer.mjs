// The peer: the same segment rules and offer brackets written with json-rules-engine,
// the rule engine storefront teams reach for. It answers only the membership and the
// offer question (which offer, which bracket, what discount), so it does far less than a
// full quote; the ratio it gives is a lower bound.
import { Engine as RulesEngine } from 'json-rules-engine';

const VALIDATED = new Set(['paid', 'completed']);
const DAY_MS = 86_400_000;

const cents = (s) => {
  const [whole, frac = ''] = String(s).split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
};
const norm = (s) => String(s ?? '').trim().toLowerCase();

// One condition of the program's language as a json-rules-engine condition.
function condition(rule) {
  if (rule.all) return { all: rule.all.map(condition) };
  if (rule.any) return { any: rule.any.map(condition) };
  if (rule.not) return { not: condition(rule.not) };
  const { field, op, value, withinLastDays } = rule;
  const facts = {
    'customer.tags': 'tags',
    'customer.type': 'customerType',
    'orders.count': 'ordersCount',
    'orders.totalSpent': 'totalSpent',
    'orders.products': 'orderedProducts',
    'orders.carriers': 'carriers',
    'cart.subtotal': 'subtotal',
    'cart.quantity': 'quantity',
    'cart.categories': 'categories',
    'shipping.carrier': 'carrier',
    'shipping.address.country': 'country',
  };
  let fact = facts[field];
  let path;
  if (!fact && field.startsWith('customer.attributes.')) {
    fact = 'attributes';
    path = `$.${field.slice('customer.attributes.'.length)}`;
  }
  if (!fact) throw new Error(`peer: no fact for ${field}`);
  const money = field === 'orders.totalSpent' || field === 'cart.subtotal';
  const v = money ? cents(value) : typeof value === 'string' && field.startsWith('shipping.') ? norm(value) : value;
  const base = { fact, ...(path ? { path } : {}), ...(withinLastDays !== undefined ? { params: { withinLastDays } } : {}) };
  switch (op) {
    case 'eq': return { ...base, operator: 'equal', value: v };
    case 'ne': return { ...base, operator: 'notEqual', value: v };
    case 'in': return { ...base, operator: 'in', value: v };
    case 'gte': return { ...base, operator: 'greaterThanInclusive', value: v };
    case 'gt': return { ...base, operator: 'greaterThan', value: v };
    case 'lte': return { ...base, operator: 'lessThanInclusive', value: v };
    case 'lt': return { ...base, operator: 'lessThan', value: v };
    case 'contains': return { ...base, operator: 'contains', value: v };
    case 'containsAny': return { any: v.map((x) => ({ ...base, operator: 'contains', value: x })) };
    default: throw new Error(`peer: no operator for ${op}`);
  }
}

export function buildPeer(program) {
  const segments = new RulesEngine([], { allowUndefinedFacts: true });
  for (const s of program.segments) {
    const c = condition(s.rule);
    segments.addRule({ conditions: c.all || c.any ? c : { all: [c] }, event: { type: 'segment', params: { id: s.id } } });
  }
  const brackets = new RulesEngine([], { allowUndefinedFacts: true });
  program.offers.forEach((o, oi) => {
    o.brackets.forEach((b, bi) => {
      brackets.addRule({
        conditions: {
          all: [
            { fact: 'segments', operator: 'contains', value: o.segment },
            { fact: 'subtotal', operator: 'greaterThanInclusive', value: cents(b.minSubtotal) },
          ],
        },
        event: { type: 'bracket', params: { offer: oi, bracket: bi } },
      });
    });
  });

  return async function quote(request) {
    const now = Date.parse(request.now);
    const c = request.customer;
    const orders = c.orders.filter((o) => VALIDATED.has(o.status));
    const lines = request.cart.lines;
    const subtotal = lines.reduce((s, l) => s + cents(l.unitPrice) * l.quantity, 0);
    const shipping = request.cart.shipping ?? {};
    const facts = {
      tags: c.tags ?? [],
      customerType: c.type ?? 'individual',
      attributes: c.attributes ?? {},
      ordersCount: (params) =>
        params.withinLastDays === undefined
          ? orders.length
          : orders.filter((o) => Date.parse(o.placedAt) >= now - params.withinLastDays * DAY_MS).length,
      totalSpent: orders.reduce((s, o) => s + cents(o.total), 0),
      orderedProducts: [...new Set(orders.flatMap((o) => o.products ?? []))],
      carriers: [...new Set(orders.map((o) => norm(o.carrier)))],
      subtotal,
      quantity: lines.reduce((s, l) => s + l.quantity, 0),
      categories: [...new Set(lines.flatMap((l) => l.categories ?? []))],
      carrier: norm(shipping.carrier),
      country: norm(shipping.address?.country),
    };
    const member = (await segments.run(facts)).events.map((e) => e.params.id);
    const fired = (await brackets.run({ segments: member, subtotal })).events;
    const reached = new Map();
    for (const e of fired) {
      const { offer, bracket } = e.params;
      if (!reached.has(offer) || reached.get(offer) < bracket) reached.set(offer, bracket);
    }
    const shippingCost = cents(shipping.cost ?? '0');
    let best = null;
    for (const [oi, bi] of [...reached].sort((a, b) => a[0] - b[0])) {
      const b = program.offers[oi].brackets[bi];
      let discount = 0;
      if (b.discount?.amount !== undefined) discount = Math.min(cents(b.discount.amount), subtotal);
      if (b.discount?.percent !== undefined) discount = Math.round((subtotal * Number(b.discount.percent)) / 100);
      const value = discount + (b.freeShipping ? shippingCost : 0);
      if (!best || value > best.value) best = { offer: program.offers[oi].id, bracket: bi, discount, value };
    }
    return { segments: member, offer: best };
  };
}

// Checks the peer's answer against a quote: same custom segments, same offer and
// bracket, same offer discount (when the quote applies it).
export function samePeerAnswer(peer, quote) {
  const quoted = quote.customer.segments.filter((s) => s.startsWith('seg'));
  const problems = [];
  if (JSON.stringify([...peer.segments].sort()) !== JSON.stringify([...quoted].sort())) {
    problems.push(`segments differ: peer ${peer.segments.length}, engine ${quoted.length}`);
  }
  const o = quote.offer;
  if (!peer.offer || !o) {
    if (peer.offer || o) problems.push('one found an offer, the other none');
  } else {
    if (peer.offer.offer !== o.id || peer.offer.bracket !== o.bracket) {
      problems.push(`offer differs: peer ${peer.offer.offer}#${peer.offer.bracket}, engine ${o.id}#${o.bracket}`);
    }
    if (o.withheld === null && cents(o.discount) !== peer.offer.discount) {
      problems.push(`discount differs: peer ${peer.offer.discount}, engine ${o.discount}`);
    }
  }
  return problems;
}
