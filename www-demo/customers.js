// Customer profiles for the picker. Dates are relative to the shop's "now" so each
// profile lands in the same segments whatever day the page is opened.

const DAY = 86_400_000;

function at(now, daysAgo) {
  return new Date(now.getTime() - daysAgo * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function orders(now, list) {
  return list.map(([daysAgo, total, products, carrier = 'colissimo', status = 'completed'], i) => ({
    id: `o${i + 1}`,
    placedAt: at(now, daysAgo),
    status,
    total,
    carrier,
    products,
  }));
}

/**
 * Each profile: id, role, name, blurb, expected (the segments it is meant to show), an
 * optional shipping preset applied when picked, and customer(now) building the
 * request's customer (null for a guest).
 */
export const PROFILES = [
  {
    id: 'guest',
    role: 'Guest',
    name: 'Guest',
    blurb: 'not signed in',
    expected: 'no segment',
    customer: () => null,
  },
  {
    id: 'new',
    role: 'New registrant',
    name: 'Nina',
    blurb: 'registered 3 days ago, no order',
    expected: 'potential',
    customer: (now) => ({
      id: 'c-nina',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 3),
      tags: [],
      pointsBalance: 0,
      orders: [],
    }),
  },
  {
    id: 'first-order',
    role: 'First order last week',
    name: 'Félix',
    blurb: 'one order, 7 days ago',
    expected: 'recentFirstOrder, customers',
    customer: (now) => ({
      id: 'c-felix',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 20),
      tags: [],
      pointsBalance: 64,
      orders: orders(now, [[7, '64.00', ['chablis', 'brie']]]),
    }),
  },
  {
    id: 'loyal-y',
    role: 'Loyal, tagged “y”',
    name: 'Yvonne',
    blurb: '3 orders, 1,200 points',
    expected: 'customers, loyal, y',
    customer: (now) => ({
      id: 'c-yvonne',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 400),
      tags: ['y'],
      pointsBalance: 1200,
      grantedRewards: ['free-shipping'],
      orders: orders(now, [
        [120, '48.50', ['bordeaux-2019', 'brie']],
        [60, '75.00', ['pinot-noir']],
        [20, '32.40', ['bordeaux-2019']],
      ]),
    }),
  },
  {
    id: 'paris-business',
    role: 'Business in Paris',
    name: 'Atelier Dumas',
    blurb: 'company, delivered in Paris',
    expected: 'customers, loyal, business in Paris',
    shipping: { carrier: 'ups', cost: '9.50', city: 'Paris', postalCode: '75003', country: 'FR' },
    customer: (now) => ({
      id: 'c-dumas',
      status: 'active',
      type: 'business',
      registeredAt: at(now, 700),
      tags: ['b2b'],
      attributes: { vatNumber: 'FR40303265045' },
      pointsBalance: 300,
      orders: orders(now, [
        [200, '210.00', ['champagne', 'glasses'], 'ups'],
        [45, '180.00', ['champagne'], 'ups'],
      ]),
    }),
  },
  {
    id: 'socolissimo-5',
    role: '5 orders, SoColissimo',
    name: 'Sam',
    blurb: '+1 cancelled order',
    expected: 'customers, loyal, SoColissimo regulars',
    shipping: { carrier: 'socolissimo', cost: '4.90', city: 'Lyon', postalCode: '69002', country: 'FR' },
    customer: (now) => ({
      id: 'c-sam',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 500),
      tags: [],
      pointsBalance: 450,
      orders: orders(now, [
        [300, '40.00', ['brie'], 'socolissimo'],
        [240, '52.00', ['chablis'], 'socolissimo'],
        [180, '61.00', ['pinot-noir'], 'socolissimo'],
        [90, '35.00', ['roquefort'], 'socolissimo'],
        [30, '44.00', ['bordeaux-2019'], 'socolissimo', 'cancelled'],
        [10, '58.00', ['chablis'], 'socolissimo'],
      ]),
    }),
  },
  {
    id: 'comte-buyer',
    role: 'Ordered Comté before',
    name: 'Pierre',
    blurb: 'one order, 3 months ago',
    expected: 'customers, product buyers',
    customer: (now) => ({
      id: 'c-pierre',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 150),
      tags: [],
      pointsBalance: 90,
      orders: orders(now, [[90, '39.96', ['comte-24']]]),
    }),
  },
  {
    id: 'wholesale',
    role: 'Wholesale group',
    name: 'Cave Martin',
    blurb: 'reseller, 3 orders',
    expected: 'customers, loyal; group wholesale',
    customer: (now) => ({
      id: 'c-cave-martin',
      status: 'active',
      type: 'business',
      registeredAt: at(now, 900),
      group: 'wholesale',
      tags: ['b2b'],
      pointsBalance: 0,
      orders: orders(now, [
        [150, '820.00', ['chablis', 'champagne']],
        [80, '640.00', ['bordeaux-2019']],
        [15, '910.00', ['champagne']],
      ]),
    }),
  },
  {
    id: 'personal',
    role: 'Personal discount 7%',
    name: 'Léa',
    blurb: 'set by the shop',
    expected: 'customers, loyal; personal 7%',
    customer: (now) => ({
      id: 'c-lea',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 300),
      tags: [],
      personalDiscount: '7',
      pointsBalance: 220,
      orders: orders(now, [
        [100, '66.00', ['champagne']],
        [40, '29.00', ['glasses']],
      ]),
    }),
  },
  {
    id: 'cumulative',
    role: 'Cumulative history',
    name: 'Marc',
    blurb: '€1,240 this year, stored 5%',
    expected: 'customers, loyal; cumulative',
    customer: (now) => ({
      id: 'c-marc',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 800),
      tags: [],
      cumulativeDiscount: '5',
      pointsBalance: 640,
      orders: orders(now, [
        [330, '420.00', ['champagne']],
        [200, '310.00', ['chablis']],
        [90, '260.00', ['glasses', 'board']],
        [12, '250.00', ['champagne']],
        [5, '120.00', ['pinot-noir'], 'colissimo', 'refunded'],
      ]),
    }),
  },
  {
    id: 'card',
    role: 'Discount card',
    name: 'Chloé',
    blurb: 'card 2900000012345',
    expected: 'customers; card holders',
    customer: (now) => ({
      id: 'c-chloe',
      status: 'active',
      type: 'individual',
      registeredAt: at(now, 60),
      tags: [],
      discountCard: '2900000012345',
      pointsBalance: 150,
      orders: orders(now, [[50, '45.00', ['roquefort', 'brie']]]),
    }),
  },
  {
    id: 'deactivated',
    role: 'Deactivated',
    name: 'Victor',
    blurb: 'deactivated by the shop',
    expected: 'deactivated only',
    customer: (now) => ({
      id: 'c-victor',
      status: 'deactivated',
      type: 'individual',
      registeredAt: at(now, 1000),
      tags: ['y'],
      pointsBalance: 800,
      orders: orders(now, [
        [400, '90.00', ['champagne']],
        [200, '55.00', ['chablis']],
      ]),
    }),
  },
];
