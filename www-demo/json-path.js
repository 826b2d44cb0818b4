// A tolerant scan of JSON text that knows the path (`offers[0].brackets[1].minSubtotal`)
// of every position, so that problems can point at lines and syntax errors at paths.

function pathString(frames, tail) {
  let out = '';
  for (const part of [...frames.map((f) => f.part), tail]) {
    if (part === undefined || part === null) continue;
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * Scans `text` up to `limit` (default: all). Returns the start offset of every value
 * by path, and the path of the innermost place the scan reached.
 */
export function scanJson(text, limit = text.length) {
  const starts = new Map();
  // frames: { kind: 'obj' | 'arr', part (this container's own path part), key, index, expectKey }
  const frames = [];
  let i = 0;
  const here = () => {
    const top = frames[frames.length - 1];
    if (!top) return undefined;
    return top.kind === 'arr' ? top.index : top.key;
  };
  const valueStart = (at) => {
    const p = pathString(frames, here());
    if (!starts.has(p)) starts.set(p, at);
  };
  while (i < limit) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i++;
      continue;
    }
    const top = frames[frames.length - 1];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, Math.min(j + 1, text.length));
      if (top && top.kind === 'obj' && top.expectKey) {
        let key;
        try {
          key = JSON.parse(raw);
        } catch {
          key = raw.slice(1, -1);
        }
        top.key = key;
        top.expectKey = false;
        starts.set(pathString(frames, key), i);
      } else {
        valueStart(i);
      }
      i = j + 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      valueStart(i);
      const part = here();
      frames.push({ kind: ch === '{' ? 'obj' : 'arr', part, key: undefined, index: 0, expectKey: ch === '{' });
      i++;
      continue;
    }
    if (ch === '}' || ch === ']') {
      frames.pop();
      i++;
      continue;
    }
    if (ch === ',') {
      if (top?.kind === 'arr') top.index++;
      else if (top?.kind === 'obj') {
        top.expectKey = true;
        top.key = undefined;
      }
      i++;
      continue;
    }
    if (ch === ':') {
      i++;
      continue;
    }
    // a bare literal: number, true, false, null (or junk)
    valueStart(i);
    while (i < limit && !/[\s,\]}:]/.test(text[i])) i++;
  }
  return { starts, path: pathString(frames, here()) };
}

/** Line and column (1-based) of an offset. */
export function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** Where JSON.parse failed: { offset, line, column, path, message }. */
export function describeSyntaxError(text, error) {
  const msg = String(error?.message ?? error);
  let offset = text.length;
  const pos = /position (\d+)/.exec(msg);
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (pos) offset = Number(pos[1]);
  else if (lc) {
    const lines = text.split('\n');
    offset = lines.slice(0, Number(lc[1]) - 1).reduce((a, l) => a + l.length + 1, 0) + Number(lc[2]) - 1;
  }
  offset = Math.max(0, Math.min(offset, text.length));
  const { line, column } = lineCol(text, offset);
  const { path } = scanJson(text, offset);
  const reason = msg
    .replace(/^JSON\.parse: /, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '');
  return { offset, line, column, path, message: reason || 'invalid JSON' };
}

/** The offset where the value (or member) at `path` starts, walking up to the nearest known parent. */
export function locatePath(text, path) {
  const { starts } = scanJson(text);
  let p = path ?? '';
  for (;;) {
    if (starts.has(p)) return starts.get(p);
    if (p === '') return 0;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
}
