// The network diagram, drawn with bpbook.drawing's layout numbers and CSS classes (its
// <style>, shipped with the page's static figures, colours it in light and dark).
import { formatNumber } from "./format.js";

const COLUMN = 280, ROW = 150, R = 30, TOP = 78, SIDE = 70, STUB = 90, FONT = 15, SMALL = 13;
const width = (text, size) => text.length * size * 0.6;
const d = (v) => v.toFixed(1);
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function text(content, x, y, cls, size = FONT, extra = "") {
  return `<text x="${d(x)}" y="${d(y)}" font-size="${size}" text-anchor="middle" `
    + `dominant-baseline="central" class="${cls}"${extra}>${esc(content)}</text>`;
}

function box(content, x, y, cls, strong) {
  const w = width(content, SMALL) + 12, h = SMALL + 9;
  return `<g class="bp-slope ${cls}"><rect x="${d(x - w / 2)}" y="${d(y - h / 2)}" `
    + `width="${d(w)}" height="${h}" rx="${h / 2}" stroke-width="${strong ? 3 : 1.5}"/>`
    + `${text(content, x, y, "", SMALL, ' font-style="italic"')}</g>`;
}

const badge = (label, x, y) => `<g class="bp-badge" aria-hidden="true"><circle cx="${d(x)}" `
  + `cy="${d(y)}" r="9"/>${text(label, x, y + 0.5, "", 11, ' font-weight="bold"')}</g>`;

/**
 * The network as an SVG string. `fig` holds the numbers (one example) and what to show:
 * sizes, weights, values[layer], inputs[layer], nodeSlopes[layer], actSlopes[layer],
 * weightSlopes[k][i][j], target, error, loss; show (a Set of "values", "inputs",
 * "weights", "slopes", "act", "notes"); known (Set of keys of the slopes worked out so
 * far, or null for all); hidden (Set of layers of weights); factors (Map key -> badge);
 * marked (Set of keys); product (key); terms ([value, caption, badge]).
 * Keys: "v l,n" value, "s l,n" node slope, "a l,n" activation slope, "w k,i,j" weight,
 * "g k,i,j" weight slope.
 */
export function networkSvg(fig, title) {
  const { sizes, show } = fig;
  const last = sizes.length - 1;
  const hidden = fig.hidden || new Set();
  const visible = (c) => [c, c + 1].some((k) => k >= 1 && k <= last && !hidden.has(k));
  const tall = Math.max(...sizes);
  const y = (l, n) => TOP + ((tall - sizes[l]) * ROW) / 2 + n * ROW;
  const has = (key) => fig.factors.has(key) || fig.marked.has(key) || fig.product === key;
  const slopeShown = (key) => show.has("slopes") && (!fig.known || fig.known.has(key.slice(2)));
  const xs = [];
  let x = SIDE + (visible(0) ? 0 : STUB);
  for (let c = 0; c <= last; c++) if (visible(c)) { xs[c] = x; x += COLUMN; }
  let netWidth = x - COLUMN + SIDE + (visible(last) ? 0 : STUB) + (show.has("notes") && visible(last) ? 80 : 0);
  const terms = fig.terms || [];
  const eqWidth = terms.length ? terms.length * 92 + (terms.length - 1) * 26 + 24 : 0;
  const W = Math.max(netWidth, eqWidth + 32);
  xs.forEach((v, c) => { if (v !== undefined) xs[c] = v + (W - netWidth) / 2; });
  const lines = [], groups = [];
  for (let k = 1; k <= last; k++) {
    if (hidden.has(k)) {
      const side = visible(k - 1) ? k - 1 : k;
      if (!visible(side)) continue;
      const dir = side === k - 1 ? 1 : -1;
      const start = xs[side] + dir * R, end = start + dir * (STUB - 14);
      for (let n = 0; n < sizes[side]; n++) {
        lines.push(`<line class="bp-stub" x1="${start}" y1="${y(side, n)}" x2="${end}" y2="${y(side, n)}" stroke-dasharray="4 5" stroke-width="1.5"/>`);
        groups.push(text("⋯", end + dir * 10, y(side, n), "bp-muted", 18));
      }
      continue;
    }
    for (let i = 0; i < sizes[k - 1]; i++) for (let j = 0; j < sizes[k]; j++) {
      const x1 = xs[k - 1], y1 = y(k - 1, i), x2 = xs[k], y2 = y(k, j);
      const len = Math.hypot(x2 - x1, y2 - y1), ux = (x2 - x1) / len, uy = (y2 - y1) / len;
      const key = `${k},${i},${j}`;
      const hl = fig.marked.has(`w ${key}`);
      lines.push(`<line class="bp-line${hl ? " bp-hl" : ""}" x1="${d(x1 + ux * R)}" y1="${d(y1 + uy * R)}" `
        + `x2="${d(x2 - ux * R)}" y2="${d(y2 - uy * R)}" stroke-width="${hl ? 4 : 1.6}"/>`);
      const t = sizes[k] === 1 ? 0.5 : 0.3 + (0.32 * j) / (sizes[k] - 1);
      const lx = x1 + t * (x2 - x1), ly = y1 + t * (y2 - y1);
      let g = `<g class="bp-edge" data-key="w ${key}">`;
      if (show.has("weights") || has(`w ${key}`)) {
        const label = `w=${formatNumber(fig.weights[k - 1][i][j])}`;
        const p = width(label, FONT) + 8;
        g += `<rect class="bp-label-bg" x="${d(lx - p / 2)}" y="${d(ly - 10)}" width="${d(p)}" height="20" rx="4"/>`;
        g += text(label, lx, ly, "bp-weight", FONT, hl ? ' font-weight="bold"' : "");
        const b = fig.factors.get(`w ${key}`);
        if (b) g += badge(b, lx - width(label, FONT) / 2 - 12, ly);
      }
      if (slopeShown(`g ${key}`) || has(`g ${key}`)) {
        const product = fig.product === `g ${key}`;
        g += box(`slope ${formatNumber(fig.weightSlopes[k - 1][i][j])}`, lx, ly + 22, `bp-weight-slope${product ? " bp-product" : ""}`, product);
      }
      groups.push(`${g}</g>`);
    }
  }
  for (let l = 0; l <= last; l++) {
    if (!visible(l)) continue;
    for (let n = 0; n < sizes[l]; n++) groups.push(nodeSvg(fig, l, n, xs[l], y(l, n), has, slopeShown));
  }
  let bottom = TOP + (tall - 1) * ROW + R + (show.has("inputs") ? 52 : 34);
  if (terms.length) {
    groups.push(equation(terms, (W - eqWidth) / 2, bottom, eqWidth));
    bottom += 66;
  }
  return `<svg class="bp-fig bp-network bp-live" role="img" aria-label="${esc(title)}" `
    + `viewBox="0 0 ${W.toFixed(0)} ${(bottom + 8).toFixed(0)}"">`
    + `<g class="bp-lines" aria-hidden="true">${lines.join("")}</g><g aria-hidden="true">${groups.join("")}</g></svg>`;
}

function nodeSvg(fig, l, n, cx, cy, has, slopeShown) {
  const key = `${l},${n}`;
  let g = `<g class="bp-node" data-key="v ${key}"><circle cx="${cx}" cy="${cy}" r="${R}" stroke-width="2"/>`;
  if (fig.marked.has(`v ${key}`)) g += `<circle class="bp-ring" cx="${cx}" cy="${cy}" r="${R + 6}" stroke-width="3"/>`;
  if (fig.show.has("values") || has(`v ${key}`)) {
    const label = `v=${formatNumber(fig.values[l][n])}`;
    const size = Math.round(10 * Math.min(FONT, (2 * R * 0.9) / (0.6 * label.length))) / 10;
    g += text(label, cx, cy, "bp-value", size, ' font-weight="bold"');
    const b = fig.factors.get(`v ${key}`);
    if (b) g += badge(b, cx - R - 6, cy - R);
  }
  if (l > 0 && (slopeShown(`s ${key}`) || has(`s ${key}`))) {
    const b = fig.factors.get(`s ${key}`);
    const label = `node slope ${formatNumber(fig.nodeSlopes[l][n])}`;
    const product = fig.product === `s ${key}`;
    g += box(label, cx, cy - R - 20, `bp-node-slope${b ? " bp-marked" : ""}${product ? " bp-product" : ""}`, b || product);
    if (b) g += badge(b, cx - (width(label, SMALL) + 12) / 2 - 12, cy - R - 20);
  }
  if (l > 0 && (fig.show.has("act") || has(`a ${key}`))) {
    const label = `act. slope ${formatNumber(fig.actSlopes[l][n])}`;
    g += text(label, cx, cy + R + 16, "bp-act-slope", SMALL);
    const b = fig.factors.get(`a ${key}`);
    if (b) g += badge(b, cx - width(label, SMALL) / 2 - 12, cy + R + 16);
  }
  if (l > 0 && fig.show.has("inputs")) g += text(`input ${formatNumber(fig.inputs[l][n])}`, cx, cy + R + 34, "bp-muted", SMALL);
  if (l === fig.sizes.length - 1 && fig.show.has("notes")) {
    const notes = [["target", fig.target[n]], ["error", fig.error[n]]];
    if (n === 0) notes.push(["loss", fig.loss]);
    notes.forEach(([label, v], m) => {
      g += text(`${label} ${formatNumber(v)}`, cx + R + 10, cy + (m - (notes.length - 1) / 2) * 19, `bp-${label}`, SMALL, ' style="text-anchor:start"');
    });
  }
  return `${g}</g>`;
}

function equation(terms, left, top, total) {
  let g = `<g class="bp-callout"><rect x="${d(left)}" y="${top}" width="${total}" height="52" rx="8" stroke-width="1.5"/>`;
  let x = left + 12;
  terms.forEach(([value, caption, b], m) => {
    const cx = x + 46, number = formatNumber(value);
    g += text(number, cx, top + 18, `bp-term${b ? "" : " bp-term-product"}`, 17, ' font-weight="bold"');
    if (b) g += badge(b, cx - width(number, 17) / 2 - 14, top + 18);
    g += text(caption, cx, top + 39, "bp-term-caption", 11.5);
    x += 92;
    if (m < terms.length - 1) {
      const op = m === terms.length - 2 ? "=" : (m + 1) % 3 === 0 ? "+" : "×";
      g += text(op, x + 13, top + 18, "", 17);
      x += 26;
    }
  });
  return `${g}</g>`;
}
