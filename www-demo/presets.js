// Merchant programs for the editor, one per scenario of the product documentation.

const TAGGED_Y = { id: 'y', name: 'Segment Y', rule: { field: 'customer.tags', op: 'contains', value: 'y' } };

export const PRESETS = [
  {
    id: 'segment-y',
    name: 'Customer offers: segment Y tiers',
    about: 'Segment Y: €5 off from €50; 10% off and free shipping from €150.',
    program: {
      version: 1,
      currency: 'EUR',
      rounding: 'halfUp',
      segments: [TAGGED_Y],
      offers: [
        {
          id: 'y-tiers',
          name: 'Segment Y tiers',
          segment: 'y',
          earnPoints: true,
          discountEnabled: true,
          appliesWithPromoCode: false,
          brackets: [
            { minSubtotal: '50', discount: { amount: '5' } },
            { minSubtotal: '150', discount: { percent: '10' }, freeShipping: true },
          ],
        },
      ],
      points: { enabled: true, pointsPerUnit: '1' },
      promoCodes: [
        { code: 'WELCOME15', discount: { percent: '15' } },
        { code: 'FREESHIP', freeShipping: true, minSubtotal: '30' },
      ],
    },
  },
  {
    id: 'segment-examples',
    name: 'Customer offers: Paris businesses, SoColissimo regulars, product buyers',
    about: 'Free shipping for businesses delivered in Paris; 10% for 5+ orders delivered by SoColissimo; 5% for Comté buyers; €5 off a first order.',
    program: {
      version: 1,
      currency: 'EUR',
      segments: [
        {
          id: 'paris-business',
          name: 'Business customers delivered in Paris',
          rule: {
            all: [
              { field: 'customer.type', op: 'eq', value: 'business' },
              { field: 'shipping.address.city', op: 'eq', value: 'Paris' },
            ],
          },
        },
        {
          id: 'socolissimo-regulars',
          name: 'At least 5 orders, delivered by SoColissimo',
          rule: {
            all: [
              { field: 'orders.count', op: 'gte', value: 5 },
              { field: 'shipping.carrier', op: 'eq', value: 'socolissimo' },
            ],
          },
        },
        {
          id: 'comte-buyers',
          name: 'Ordered Comté 24 months',
          rule: { field: 'orders.products', op: 'contains', value: 'comte-24' },
        },
      ],
      offers: [
        { id: 'paris-free-shipping', segment: 'paris-business', brackets: [{ minSubtotal: '0', freeShipping: true }] },
        { id: 'socolissimo-10', segment: 'socolissimo-regulars', brackets: [{ minSubtotal: '0', discount: { percent: '10' } }] },
        { id: 'comte-5', segment: 'comte-buyers', brackets: [{ minSubtotal: '0', discount: { percent: '5' } }] },
        { id: 'first-order', segment: 'potential', brackets: [{ minSubtotal: '30', discount: { amount: '5' } }] },
      ],
      points: { enabled: true, pointsPerUnit: '1', multipliers: [{ segment: 'loyal', factor: '2' }] },
      promoCodes: [{ code: 'WELCOME15', discount: { percent: '15' }, segments: ['potential'] }],
    },
  },
  {
    id: 'groups',
    name: 'Customer groups: group prices and gifts',
    about: 'Wholesale pays 15% less on wine and €9.90 for a corkscrew; export pays 5% more; gifts with wine cases and Comté.',
    program: {
      version: 1,
      currency: 'EUR',
      groups: [
        { id: 'standard', name: 'Standard', default: true, colour: '#64748b' },
        {
          id: 'wholesale',
          name: 'Wholesale',
          colour: '#0e7490',
          prices: [
            { categories: ['wine'], percent: '-15' },
            { products: ['corkscrew'], price: '9.90' },
            { percent: '-5' },
          ],
        },
        { id: 'export', name: 'Export', colour: '#b45309', prices: [{ percent: '5' }] },
      ],
      offers: [
        { id: 'wholesale-volume', group: 'wholesale', brackets: [{ minSubtotal: '200', discount: { percent: '5' } }, { minSubtotal: '500', discount: { percent: '8' }, freeShipping: true }] },
      ],
      gifts: [
        { id: 'wholesale-case-tote', group: 'wholesale', when: { categories: ['wine'], minQuantity: 6 }, gift: { product: 'tote', quantity: 1 } },
        { id: 'comte-board', when: { products: ['comte-24'], minQuantity: 3 }, gift: { product: 'board', quantity: 1 } },
      ],
    },
  },
  {
    id: 'rewards',
    name: 'Rewards and points',
    about: 'One point per euro (double for loyal customers, accessories excluded); rewards to redeem with points.',
    program: {
      version: 1,
      currency: 'EUR',
      points: {
        enabled: true,
        pointsPerUnit: '1',
        base: 'afterDiscounts',
        excludeCategories: ['accessories'],
        multipliers: [{ segment: 'loyal', factor: '2' }],
      },
      rewards: [
        { id: 'voucher-10', name: '€10 voucher', type: 'voucher', pointsCost: 500, amount: '10' },
        { id: 'promo-15', name: '15% off', type: 'percentOff', pointsCost: 800, percent: '15', minSubtotal: '40' },
        { id: 'free-shipping', name: 'Free shipping', type: 'freeShipping', pointsCost: 300 },
        { id: 'free-corkscrew', name: 'Free corkscrew', type: 'freeProduct', pointsCost: 900, product: 'corkscrew', quantity: 1 },
        {
          id: 'cheese-3-for-2',
          name: 'Cheese: 3 for 2',
          type: 'buyXGetY',
          pointsCost: 400,
          buy: { categories: ['cheese'], quantity: 2 },
          get: { categories: ['cheese'], quantity: 1, percent: '100' },
          maxApplications: 2,
        },
      ],
    },
  },
  {
    id: 'customer-discounts',
    name: 'Personal and cumulative discounts',
    about: 'The larger of the personal and the cumulative discount (5% from €300, 10% from €1,000 in a year; loyal: 7% from €500), or the offer if better.',
    program: {
      version: 1,
      currency: 'EUR',
      stacking: { customerDiscount: 'bestOf' },
      personalDiscount: { enabled: true },
      cumulativeDiscount: {
        enabled: true,
        periodDays: 365,
        countedStatuses: ['completed'],
        ranges: [
          { from: '300', percent: '5' },
          { from: '1000', percent: '10' },
        ],
        segmentRanges: [{ segment: 'loyal', ranges: [{ from: '500', percent: '7' }] }],
      },
      offers: [{ id: 'customers-8', segment: 'customers', brackets: [{ minSubtotal: '100', discount: { percent: '8' } }] }],
    },
  },
  {
    id: 'discount-cards',
    name: 'Discount cards',
    about: 'Card holders get 5% (even with a code) and the CLUB10 code; personal discounts stack.',
    program: {
      version: 1,
      currency: 'EUR',
      stacking: { customerDiscount: 'stack' },
      personalDiscount: { enabled: true },
      segments: [{ id: 'card-holders', name: 'Discount card holders', rule: { field: 'customer.hasDiscountCard', op: 'eq', value: true } }],
      offers: [
        {
          id: 'card-5',
          name: 'Card holders 5%',
          segment: 'card-holders',
          appliesWithPromoCode: true,
          brackets: [{ minSubtotal: '0', discount: { percent: '5' } }],
        },
      ],
      promoCodes: [{ code: 'CLUB10', discount: { percent: '10' }, segments: ['card-holders'] }],
    },
  },
];
