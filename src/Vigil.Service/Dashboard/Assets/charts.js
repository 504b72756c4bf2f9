// Inline SVG charts drawn without a library. Okabe-Ito colours (safe for colour-vision deficiency), and never colour
// alone: every series also has its own dash pattern, a legend entry with its name and a direct label at its last point.
const NS = 'http://www.w3.org/2000/svg';

/** Okabe-Ito palette: black first (overall), then the seven colours. */
export const PALETTE = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 2 1 2', '3 3'];

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const pct = v => `${Math.round(v * 1000) / 10}%`;
let chartCount = 0;

/**
 * A line chart of rates over time with interval bands.
 * series: [{ label, points: [{ x: Date, y: number|null, lo: number|null, hi: number|null }] }]
 */
export function lineChart({ title, description, series }) {
  const id = `chart-${++chartCount}`;
  const W = 560, H = 260, L = 48, R = 120, T = 12, B = 30;
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` });
  svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, description));
  const xs = series.flatMap(s => s.points.map(p => p.x.getTime()));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const X = t => L + (x1 === x0 ? 0.5 : (t - x0) / (x1 - x0)) * (W - L - R);
  const Y = v => T + (1 - v) * (H - T - B);
  const axes = el('g', { 'aria-hidden': 'true' });
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    axes.append(el('line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: '#ddd' }));
    axes.append(el('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end' }, pct(v)));
  }
  const ticks = [...new Set([x0, x0 + (x1 - x0) / 2, x1])];
  for (const t of ticks)
    axes.append(el('text', { x: X(t), y: H - 10, 'text-anchor': 'middle' }, new Date(t).toISOString().slice(0, 10)));
  svg.append(axes);
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const g = el('g', { class: 'series', 'data-series': s.label });
    // interval band: upper edge left to right, lower edge back, for each run of defined points
    const runs = [];
    let run = [];
    for (const p of s.points) {
      if (p.y === null || p.lo === null || p.hi === null) { if (run.length) runs.push(run); run = []; } else run.push(p);
    }
    if (run.length) runs.push(run);
    for (const r of runs) {
      const up = r.map(p => `${X(p.x.getTime()).toFixed(1)},${Y(p.hi).toFixed(1)}`);
      const down = r.slice().reverse().map(p => `${X(p.x.getTime()).toFixed(1)},${Y(p.lo).toFixed(1)}`);
      g.append(el('path', { class: 'band', d: `M${up.join('L')}L${down.join('L')}Z`, fill: colour, 'fill-opacity': 0.12, stroke: 'none' }));
    }
    let d = '', pen = false;
    for (const p of s.points) {
      if (p.y === null) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${X(p.x.getTime()).toFixed(1)},${Y(p.y).toFixed(1)}`;
      pen = true;
    }
    if (d) g.append(el('path', { class: 'line', d, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': DASHES[i % DASHES.length] }));
    const last = [...s.points].reverse().find(p => p.y !== null);
    if (last) {
      g.append(el('circle', { cx: X(last.x.getTime()), cy: Y(last.y), r: 3, fill: colour }));
      g.append(el('text', { class: 'direct-label', x: X(last.x.getTime()) + 6, y: Y(last.y) + 4 }, `${s.label} ${pct(last.y)}`));
    }
    svg.append(g);
  });
  return svg;
}

/** A legend: a line sample in the series' colour and dash, with its name in words. */
export function legend(labels) {
  const list = document.createElement('ul');
  list.className = 'legend';
  list.style.cssText = 'list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:12px';
  labels.forEach((label, i) => {
    const item = document.createElement('li');
    const svg = el('svg', { width: 28, height: 10, 'aria-hidden': 'true' });
    svg.append(el('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: PALETTE[i % PALETTE.length], 'stroke-width': 3, 'stroke-dasharray': DASHES[i % DASHES.length] }));
    item.append(svg, document.createTextNode(` ${label}`));
    list.append(item);
  });
  return list;
}

/** Horizontal bars of rates (0..1) with their intervals, each bar labelled with its group and value in words. */
export function barChart({ title, description, bars }) {
  const id = `chart-${++chartCount}`;
  const W = 560, rowH = 26, L = 150, R = 70, T = 6;
  const H = T * 2 + rowH * Math.max(bars.length, 1);
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` });
  svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, description));
  const X = v => L + v * (W - L - R);
  bars.forEach((b, i) => {
    const y = T + i * rowH;
    const g = el('g', { class: 'bar' });
    g.append(el('text', { x: L - 6, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, b.label));
    g.append(el('path', { d: `M${L},${y + 4}H${W - R}`, stroke: '#ddd', 'stroke-width': 1 }));
    if (b.value === null) {
      g.append(el('text', { x: L + 4, y: y + rowH / 2 + 4 }, `not defined: ${b.reason ?? 'no data'}`));
    } else {
      const colour = PALETTE[4];
      g.append(el('path', { d: `M${L},${y + 5}H${X(b.value).toFixed(1)}V${y + rowH - 5}H${L}Z`, fill: colour, 'fill-opacity': 0.75 }));
      if (b.lo !== null && b.hi !== null)
        g.append(el('path', { class: 'interval', d: `M${X(b.lo).toFixed(1)},${y + rowH / 2}H${X(b.hi).toFixed(1)}`, stroke: '#000', 'stroke-width': 2 }));
      g.append(el('text', { x: W - R + 6, y: y + rowH / 2 + 4 }, pct(b.value)));
    }
    svg.append(g);
  });
  return svg;
}

/** PSI bands in words and a sequential blue ramp (ColorBrewer Blues: ordered by lightness, readable without hue). */
export const PSI_BANDS = [
  { max: 0.1, word: 'stable', fill: '#eff3ff', ink: '#000' },
  { max: 0.2, word: 'moderate', fill: '#9ecae1', ink: '#000' },
  { max: 0.5, word: 'major', fill: '#3182bd', ink: '#fff' },
  { max: Infinity, word: 'severe', fill: '#08306b', ink: '#fff' },
];
export const psiBand = v => PSI_BANDS.find(b => v < b.max) ?? PSI_BANDS[PSI_BANDS.length - 1];

/**
 * A heat map of PSI: one row per feature, one column per time bucket, each cell shaded by its band and printing its value
 * (two decimals), so the colour is never the only carrier; cells past the alert bound get a heavy outline, and cells
 * without enough values say "n/a". columns: [Date]; rows: [{ label, values: [number|null] }].
 */
export function heatMap({ title, description, columns, rows, bound }) {
  const id = `chart-${++chartCount}`;
  const L = 96, T = 8, cellW = 34, cellH = 22, B = 40;
  const W = L + cellW * Math.max(columns.length, 1) + 8;
  const H = T + cellH * Math.max(rows.length, 1) + B;
  const svg = el('svg', { class: 'chart heatmap', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` });
  svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, description));
  rows.forEach((r, i) => {
    const y = T + i * cellH;
    svg.append(el('text', { x: L - 6, y: y + cellH / 2 + 4, 'text-anchor': 'end' }, r.label));
    r.values.forEach((v, j) => {
      const x = L + j * cellW;
      const g = el('g', { class: 'cell', 'data-feature': r.label, 'data-column': j });
      if (v === null || v === undefined) {
        g.append(el('rect', { x, y, width: cellW - 1, height: cellH - 1, fill: '#f4f4f4' }));
        g.append(el('text', { class: 'cell-value', x: x + cellW / 2, y: y + cellH / 2 + 4, 'text-anchor': 'middle' }, 'n/a'));
      } else {
        const band = psiBand(v);
        const past = bound !== null && bound !== undefined && v > bound;
        g.append(el('rect', { x, y, width: cellW - 1, height: cellH - 1, fill: band.fill, stroke: past ? '#000' : 'none', 'stroke-width': past ? 2 : 0 }));
        g.append(el('text', { class: band.ink === '#fff' ? 'cell-value light' : 'cell-value', x: x + cellW / 2, y: y + cellH / 2 + 4, 'text-anchor': 'middle' }, v.toFixed(2)));
        g.append(el('title', {}, `${r.label}, ${columns[j].toISOString().slice(0, 10)}: PSI ${v.toFixed(3)} (${band.word})`));
      }
      svg.append(g);
    });
  });
  const step = Math.max(1, Math.ceil(columns.length / 8));
  columns.forEach((c, j) => {
    if (j % step) return;
    svg.append(el('text', { class: 'cell-value', x: L + j * cellW + cellW / 2, y: T + rows.length * cellH + 14, 'text-anchor': 'middle' }, c.toISOString().slice(5, 10)));
  });
  return svg;
}

/** The heat map's key: each band's swatch with its words and range. */
export function heatLegend(bound) {
  const list = document.createElement('ul');
  list.className = 'legend';
  let low = 0;
  for (const b of PSI_BANDS) {
    const item = document.createElement('li');
    const svg = el('svg', { width: 18, height: 12, 'aria-hidden': 'true' });
    svg.append(el('rect', { x: 0, y: 0, width: 18, height: 12, fill: b.fill, stroke: '#888' }));
    item.append(svg, document.createTextNode(` ${b.word} (${b.max === Infinity ? `≥ ${low}` : `${low}–${b.max}`})`));
    list.append(item);
    low = b.max;
  }
  if (bound !== null && bound !== undefined) {
    const item = document.createElement('li');
    const svg = el('svg', { width: 18, height: 12, 'aria-hidden': 'true' });
    svg.append(el('rect', { x: 1, y: 1, width: 16, height: 10, fill: '#fff', stroke: '#000', 'stroke-width': 2 }));
    item.append(svg, document.createTextNode(` heavy outline: above the alert bound ${bound}`));
    list.append(item);
  }
  return list;
}
