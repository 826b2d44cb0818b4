// The shop's products. The built-in catalogue is always there; products found in the
// request documents under /examples/ are added to it when the server lists that folder.

export const BUILTIN_PRODUCTS = [
  { id: 'bordeaux-2019', name: 'Bordeaux Supérieur 2019', categories: ['wine'], price: '12.50' },
  { id: 'chablis', name: 'Chablis Premier Cru', categories: ['wine'], price: '20.00' },
  { id: 'champagne', name: 'Champagne Brut', categories: ['wine'], price: '35.00' },
  { id: 'pinot-noir', name: "Pinot Noir d'Alsace", categories: ['wine'], price: '15.00' },
  { id: 'comte-24', name: 'Comté 24 months', categories: ['cheese'], price: '9.99' },
  { id: 'brie', name: 'Brie de Meaux', categories: ['cheese'], price: '7.50' },
  { id: 'roquefort', name: 'Roquefort AOP', categories: ['cheese'], price: '11.20' },
  { id: 'corkscrew', name: 'Sommelier corkscrew', categories: ['accessories'], price: '14.90' },
  { id: 'glasses', name: 'Tasting glasses (pair)', categories: ['accessories'], price: '29.00' },
  { id: 'board', name: 'Olive-wood cheese board', categories: ['accessories'], price: '25.00' },
  { id: 'tote', name: 'Canvas tote bag', categories: ['accessories'], price: '6.00' },
];

export const CATEGORY_LABELS = { wine: 'Wine', cheese: 'Cheese', accessories: 'Accessories' };

function titleCase(id) {
  return String(id)
    .replace(/[-_]+/g, ' ')
    .replace(/\b\w/g, (ch) => ch.toUpperCase());
}

function collectLines(doc, found) {
  if (doc === null || typeof doc !== 'object') return;
  const lines = doc?.cart?.lines ?? doc?.request?.cart?.lines;
  if (Array.isArray(lines)) {
    for (const line of lines) {
      if (line && typeof line.productId === 'string' && line.unitPrice !== undefined) {
        found.push({
          id: line.productId,
          name: titleCase(line.productId),
          categories: Array.isArray(line.categories) ? line.categories.map(String) : [],
          price: String(line.unitPrice),
          fromExamples: true,
        });
      }
    }
  }
}

function looksLikeProgram(doc) {
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) && doc.version !== undefined && typeof doc.currency === 'string' && !doc.cart;
}

/**
 * Reads /examples/ (when the server lists it) and returns the products its requests
 * mention and the programs it holds. Never throws: a missing folder means nothing found.
 */
export async function loadExamples(base = '/examples/') {
  const products = [];
  const programs = [];
  let names;
  try {
    const res = await fetch(base);
    if (!res.ok) return { products, programs };
    const html = await res.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    names = [...doc.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((href) => /^[^/?#]+\.json$/i.test(href));
  } catch {
    return { products, programs };
  }
  await Promise.all(
    names.map(async (name) => {
      try {
        const res = await fetch(base + name);
        if (!res.ok) return;
        const json = await res.json();
        collectLines(json, products);
        if (looksLikeProgram(json)) programs.push({ name: decodeURIComponent(name), program: json });
        else if (looksLikeProgram(json?.program)) programs.push({ name: decodeURIComponent(name), program: json.program });
      } catch {
        /* not JSON or unreadable: ignore */
      }
    }),
  );
  programs.sort((a, b) => a.name.localeCompare(b.name));
  return { products, programs };
}

/** Built-in products first, then example products with ids not seen yet. */
export function mergeCatalogue(extra) {
  const seen = new Set(BUILTIN_PRODUCTS.map((p) => p.id));
  const out = [...BUILTIN_PRODUCTS];
  for (const p of extra) {
    if (!seen.has(p.id)) {
      seen.add(p.id);
      out.push(p);
    }
  }
  return out;
}
