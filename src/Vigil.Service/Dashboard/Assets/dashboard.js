// Vigil dashboard: hash-routed pages over the service's JSON API. The API key is entered once, kept in sessionStorage
// and sent as X-Api-Key; every number comes from the authenticated API (the page itself holds no data).
import { lineChart, barChart, legend, heatMap, heatLegend, psiBand } from './charts.js';

const KEY = 'vigil.apiKey';
const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');

/** An API error carrying the server's problem-details message. */
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'X-Api-Key': sessionStorage.getItem(KEY) ?? '', Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
  });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const message = body && (body.detail || body.title) ? `${body.title ?? 'Error'}: ${body.detail ?? ''}`.trim() : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return body;
}

// ---- small DOM helpers ------------------------------------------------------------------------------------------
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function table(caption, headers, rows, numeric = []) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map((c, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, c ?? '—'))))));
}

const pct = v => (v === null || v === undefined ? null : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const metricText = m => (m && m.value !== null ? pct(m.value) : `not defined (${m?.reason ?? 'no data'})`);
const ciText = m => (m && m.ci ? `${pct(m.ci[0])} – ${pct(m.ci[1])}` : null);
const count = v => (v === null || v === undefined ? 'suppressed' : v.toLocaleString('en-US'));
const groupName = g => (g.attribute === null ? 'All patients' : `${g.attribute} = ${g.level}`);
const stateOf = a => String(a.state).toLowerCase();
const words = s => String(s).replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const when = t => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const enc = encodeURIComponent;
// An alert's value and bound are rates for rate metrics, else the monitor's own number (a CUSUM statistic, a PSI, O/E, hours).
const RATE_METRICS = ['fnr', 'fpr', 'ppv', 'alert_rate', 'override_rate', 'volume', 'prevalence'];
const alertNumber = (a, v) => (v === null || v === undefined ? null
  : RATE_METRICS.includes(a.metric) || a.metric.startsWith('missing:') ? pct(v) : String(Math.round(v * 1000) / 1000));

function badge(state) {
  const label = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' }[state] ?? state;
  return h('span', { class: `badge ${state}` }, label);
}

function heading(text) {
  const node = h('h2', { tabindex: '-1' }, text);
  return node;
}

function show(...nodes) {
  view.replaceChildren(...nodes);
  const first = view.querySelector('h2');
  if (first) first.focus();
}

// ---- sign-in ----------------------------------------------------------------------------------------------------
function requireKey() {
  const signedIn = !!sessionStorage.getItem(KEY);
  signIn.hidden = signedIn;
  signOut.hidden = !signedIn;
  if (!signedIn) { view.replaceChildren(); document.getElementById('api-key').focus(); }
  return signedIn;
}

document.getElementById('sign-in-form').addEventListener('submit', async e => {
  e.preventDefault();
  const input = document.getElementById('api-key');
  const error = document.getElementById('sign-in-error');
  sessionStorage.setItem(KEY, input.value.trim());
  try {
    await api('/v1/models');
    input.value = '';
    error.textContent = '';
    route();
  } catch (err) {
    sessionStorage.removeItem(KEY);
    error.textContent = `Sign-in failed. ${err.message}`;
  }
});

signOut.addEventListener('click', () => { sessionStorage.removeItem(KEY); location.hash = '#/'; route(); });

// ---- pages ------------------------------------------------------------------------------------------------------
async function modelsPage() {
  const registrations = await api('/v1/models');
  const byId = new Map();
  for (const r of registrations) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)).push(r.version);
  const rows = [];
  for (const [id, versions] of byId) {
    const status = await api(`/v1/models/${enc(id)}/status`);
    const open = status.open_alerts.length;
    const headline = open > 0
      ? h('span', { class: 'badge open' }, `${open} open alert${open === 1 ? '' : 's'}`)
      : h('span', { class: 'badge ok' }, 'No open alerts');
    rows.push([h('a', { href: `#/models/${enc(id)}` }, id), versions.join(', '), String(open), headline,
      count(status.overall.predictions), metricText(status.overall.fnr), metricText(status.overall.label_completeness)]);
  }
  show(heading('Models'),
    h('p', { class: 'note' }, 'Every registered model, its versions and its status over its look-back period.'),
    rows.length === 0 ? h('p', {}, 'No model is registered yet.')
      : table('Registered models', ['Model', 'Versions', 'Open alerts', 'Status', 'Predictions', 'Miss rate (FNR)', 'Label completeness'], rows, [2, 4]));
}

const METRICS = [
  ['fnr', 'Missed cases (FNR)', 'share of patients with the outcome whom the model did not flag'],
  ['fpr', 'False alarms (FPR)', 'share of patients without the outcome whom the model flagged'],
  ['ppv', 'Precision (PPV)', 'share of flagged patients who had the outcome'],
  ['alert_rate', 'Alert rate', 'share of predictions that raised an alert'],
  ['override_rate', 'Override rate', 'share of recorded clinician actions that overrode the suggestion'],
  ['label_completeness', 'Label completeness', 'matured predictions / (matured + pending): how much of the realized performance is known yet'],
];

function seriesFigure(series, attribute, [key, title, meaning]) {
  const groups = [{ label: 'All patients', pick: p => p.overall }];
  const levels = [...new Set(series.points.flatMap(p => p.groups.filter(g => g.attribute === attribute).map(g => g.level)))];
  for (const level of levels) groups.push({ label: `${attribute} ${level}`, pick: p => p.groups.find(g => g.attribute === attribute && g.level === level) });
  // A bucket that ends after now (today, so far) is left out: a partial day's rate over a few hours is not comparable,
  // and the line's end label would show it as the latest value.
  const complete = series.points.filter(p => !p.partial);
  const lines = groups.map(g => ({
    label: g.label,
    points: complete.map(p => {
      const m = g.pick(p)?.[key];
      return { x: new Date(p.from), y: m?.value ?? null, lo: m?.ci?.[0] ?? null, hi: m?.ci?.[1] ?? null };
    }),
  }));
  const caption = `${title} by ${attribute}, per ${series.bucket}`;
  const chart = lineChart({
    title: caption,
    description: `${title}: ${meaning}. One line per group with its ${Math.round(series.confidence * 100)}% Wilson interval as a shaded band, complete ${series.bucket}s only; the table below lists every value.`,
    series: lines,
  });
  const rows = [];
  for (const line of lines)
    for (const p of line.points)
      if (p.y !== null) rows.push([p.x.toISOString().slice(0, 10), line.label, pct(p.y), p.lo === null ? null : `${pct(p.lo)} – ${pct(p.hi)}`]);
  return h('figure', { 'data-metric': key, 'data-attribute': attribute },
    h('figcaption', {}, caption),
    legend(lines.map(l => l.label)),
    chart,
    h('details', {}, h('summary', {}, `Numbers behind “${caption}”`),
      table(caption, ['Day', 'Group', title, 'Interval'], rows, [2])));
}

function alertRows(alerts, onChange) {
  return alerts.map(a => {
    const state = stateOf(a);
    const message = h('span', { class: 'row-message error', role: 'alert' });
    const act = async target => {
      message.textContent = '';
      try {
        await api(`/v1/alerts/${a.id}/transition`, { method: 'POST', body: JSON.stringify({ state: target, note: 'from the dashboard' }) });
        await onChange();
      } catch (err) {
        message.textContent = err.message;
      }
    };
    const buttons = h('span', { class: 'actions' },
      state === 'open' ? h('button', { type: 'button', class: 'acknowledge', 'data-alert': a.id, onclick: () => act('acknowledged') }, 'Acknowledge') : null,
      state !== 'resolved' ? h('button', { type: 'button', class: 'resolve', 'data-alert': a.id, onclick: () => act('resolved') }, 'Resolve') : null,
      message);
    return [h('a', { href: `#/alerts/${a.id}` }, `#${a.id}`), words(a.kind), a.attribute === null ? 'All patients' : `${a.attribute} = ${a.level}`,
      a.metric, alertNumber(a, a.value), h('span', { class: 'state', 'data-alert': a.id }, badge(state)), when(a.opened_at), a.message, buttons];
  });
}

async function modelPage(id) {
  const [status, series, alerts, drift, overrides] = await Promise.all([
    api(`/v1/models/${enc(id)}/status`),
    api(`/v1/models/${enc(id)}/series?bucket=day`),
    api(`/v1/alerts?model=${enc(id)}`),
    api(`/v1/models/${enc(id)}/drift?bucket=day`),
    optional(`/v1/models/${enc(id)}/overrides`),
  ]);
  const attributes = [...new Set(status.groups.map(g => g.attribute))];
  const inPeriod = alerts.filter(a => new Date(a.opened_at) >= new Date(status.from) && new Date(a.opened_at) < new Date(status.to));
  const predictions = status.overall.predictions;
  const per100 = predictions ? (100 * inPeriod.length) / predictions : null;

  const alertSection = h('section', { 'aria-labelledby': 'alerts-title', id: 'alerts' },
    h('h3', { id: 'alerts-title' }, 'Alerts'),
    alerts.length === 0 ? h('p', {}, 'No alerts for this model.')
      : table(`Alerts of ${id}, newest first`, ['Alert', 'Kind', 'Group', 'Metric', 'Value', 'State', 'Opened', 'What moved', 'Actions'],
        alertRows(alerts, () => modelPage(id)), [4]));

  const charts = h('div', { class: 'charts' });
  for (const attribute of attributes) for (const metric of METRICS) charts.append(seriesFigure(series, attribute, metric));

  const groups = [status.overall, ...status.groups];
  const completeness = h('figure', {},
    h('figcaption', {}, 'Label completeness by group'),
    barChart({
      title: 'Label completeness by group',
      description: 'Matured predictions / (matured + pending): how much of the realized performance is known yet.',
      bars: groups.map(g => ({ label: groupName(g), value: g.label_completeness.value, lo: null, hi: null, reason: g.label_completeness.reason })),
    }),
    table('Label completeness by group', ['Group', 'Predictions', 'Matured', 'Pending', 'Censored', 'Completeness', 'Counts'],
      groups.map(g => [groupName(g), count(g.predictions), count(g.matured), count(g.pending), count(g.censored), metricText(g.label_completeness), g.suppressed_reason ?? 'shown']),
      [1, 2, 3, 4]));
  const overrideFigure = h('figure', {},
    h('figcaption', {}, 'Clinician override rate by group'),
    barChart({
      title: 'Clinician override rate by group',
      description: 'Overridden / all recorded clinician actions on the model\'s suggestions, with the Wilson interval as a black line.',
      bars: groups.map(g => ({ label: groupName(g), value: g.override_rate.value, lo: g.override_rate.ci?.[0] ?? null, hi: g.override_rate.ci?.[1] ?? null, reason: g.override_rate.reason })),
    }),
    table('Clinician override rate by group', ['Group', 'Override rate', 'Interval'], groups.map(g => [groupName(g), metricText(g.override_rate), ciText(g.override_rate)])));

  show(
    heading(`Model ${id}`),
    h('p', { class: 'note' }, `Period ${when(status.from)} to ${when(status.to)}; versions: ${status.version ?? 'all'}. Realized performance counts matured predictions only.`),
    alertSection,
    h('section', { 'aria-labelledby': 'rate-title' },
      h('h3', { id: 'rate-title' }, 'Monitoring alerts per 100 predictions'),
      h('p', {}, h('span', { class: 'figure-number', id: 'alerts-per-100' }, per100 === null ? 'not defined' : per100.toFixed(2)),
        ` monitoring alerts per 100 predictions (${inPeriod.length} alert${inPeriod.length === 1 ? '' : 's'} opened in the period / ${count(predictions)} predictions).`)),
    h('section', { 'aria-labelledby': 'burden-title', id: 'burden' }, h('h3', { id: 'burden-title' }, 'Model alerts per 100 patient-days'), burdenFigure(series, groups)),
    h('section', { 'aria-labelledby': 'drift-title', id: 'drift' }, h('h3', { id: 'drift-title' }, 'Drift by feature and day'), driftFigure(drift)),
    h('section', { 'aria-labelledby': 'perf-title' }, h('h3', { id: 'perf-title' }, 'Performance over time by group'), charts),
    h('section', { 'aria-labelledby': 'labels-title' }, h('h3', { id: 'labels-title' }, 'Labels and clinician actions'),
      h('div', { class: 'charts' }, completeness, overrideFigure), overrideReasons(overrides)),
    h('section', { 'aria-labelledby': 'estimate-title', id: 'estimate' }, h('h3', { id: 'estimate-title' }, 'Estimated vs realized performance where labels are pending'), estimatePanel(series, attributes)));
}

let routes = null;

/**
 * GET of an endpoint that not every service version has (panels fed by other components): null when the service's
 * OpenAPI document does not list the route, so the page never requests a missing route (which the browser would log as
 * an error). The path's model id is matched against the document's {id} template.
 */
async function optional(path) {
  routes ??= api('/openapi/v1.json').then(doc => Object.keys(doc.paths ?? {}));
  const template = path.split('?')[0].replace(/^\/v1\/models\/[^/]+/, '/v1/models/{id}');
  return (await routes).includes(template) ? api(path) : null;
}

/**
 * Model alerts (alerts shown to clinicians) per 100 patient-days, per group over the period and overall per day. The
 * service does not know lengths of stay: a patient-day is counted as one scored prediction, which holds when each
 * encounter is scored once a day (as in the sepsis example); with more frequent scoring it overstates patient-days.
 */
function burdenFigure(series, groups) {
  const per100 = m => (m && m.value !== null ? 100 * m.value : null);
  const days = series.points.filter(p => !p.partial);
  const rows = groups.map(g => [groupName(g), per100(g.alert_rate) === null ? `not defined (${g.alert_rate?.reason ?? 'no data'})` : per100(g.alert_rate).toFixed(1), count(g.predictions)]);
  return h('figure', { 'data-panel': 'burden' },
    h('figcaption', {}, 'Model alerts per 100 patient-days, by group'),
    h('p', { class: 'note' }, 'Alerts shown to clinicians per 100 patient-days (alerts / predictions × 100; a patient-day is one scored encounter-day, since the service does not know lengths of stay).'),
    h('p', {}, h('span', { class: 'figure-number', id: 'alerts-per-100-patient-days' }, rows[0][1]), ' model alerts per 100 patient-days, all patients.'),
    table('Model alerts per 100 patient-days by group', ['Group', 'Alerts per 100 patient-days', 'Patient-days (predictions)'], rows, [1, 2]),
    h('details', {}, h('summary', {}, 'Per day, all patients'),
      table('Model alerts per 100 patient-days per day', ['Day', 'Alerts per 100 patient-days'],
        days.map(p => [p.from.slice(0, 10), per100(p.overall.alert_rate) === null ? 'not defined' : per100(p.overall.alert_rate).toFixed(1)]), [1])));
}

/** Feature × day heat map of PSI against the reference, with values printed in the cells and the bands in words. */
function driftFigure(drift) {
  if (drift.reason) return h('p', {}, `No drift heat map: ${drift.reason}.`);
  const columns = drift.starts.map(t => new Date(t)).filter((_, j) => !drift.partial[j]);
  const rows = drift.rows.map(r => ({ label: r.feature, values: r.psi.filter((_, j) => !drift.partial[j]) }));
  const worst = [];
  for (const r of rows) r.values.forEach((v, j) => { if (v !== null && drift.psi_max !== null && v > drift.psi_max) worst.push(`${r.label} on ${columns[j].toISOString().slice(0, 10)} (${v.toFixed(2)})`); });
  const caption = 'Population stability index (PSI) of each feature per day against the reference';
  return h('figure', { 'data-panel': 'drift' },
    h('figcaption', {}, caption),
    heatLegend(drift.psi_max),
    heatMap({ title: caption, description: `PSI per feature (rows) and day (columns), each cell printing its value; below 0.1 is stable, above 0.2 a major shift. Days with fewer than ${drift.min_rows} values show n/a.`, columns, rows, bound: drift.psi_max }),
    h('p', { id: 'drift-summary' }, worst.length === 0 ? 'No feature-day above the alert bound.' : `Above the alert bound: ${worst.slice(0, 12).join('; ')}${worst.length > 12 ? `; and ${worst.length - 12} more` : ''}.`),
    h('details', {}, h('summary', {}, `Numbers behind “${caption}”`),
      table(caption, ['Feature', ...columns.map(c => c.toISOString().slice(5, 10))],
        rows.map(r => [r.label, ...r.values.map(v => (v === null ? 'n/a' : `${v.toFixed(3)} ${psiBand(v).word}`))]))));
}

/**
 * Override reasons by group come from GET /v1/models/{id}/overrides when the service has it (the clinician-action
 * stream's reasons); rates by group are above either way. Without it this panel says so.
 */
function overrideReasons(data) {
  if (data === null) return h('p', { class: 'hook', id: 'override-reasons' }, 'Override reasons by group: this service has no /v1/models/{id}/overrides endpoint, so only the override rates above are shown.');
  const list = Array.isArray(data) ? data : Object.values(data).find(Array.isArray) ?? [];
  if (list.length === 0) return h('p', { id: 'override-reasons' }, 'No override reasons recorded in the period.');
  const keys = [...new Set(list.flatMap(r => Object.keys(r)))].filter(k => typeof list[0][k] !== 'object');
  return h('div', { id: 'override-reasons' }, table('Override reasons by group', keys.map(words), list.map(r => keys.map(k => r[k] === null || r[k] === undefined ? null : String(r[k])))));
}

const ESTIMATED = [
  ['fnr', 'Missed cases (FNR)', 'share of patients with the outcome whom the model did not flag'],
  ['sensitivity', 'Sensitivity', 'share of patients with the outcome whom the model flagged'],
  ['ppv', 'Precision (PPV)', 'share of flagged patients who had the outcome'],
];

/** A group's realized value of an estimated metric in one bucket: the status's FNR and PPV, sensitivity as 1 − FNR (interval flipped). */
function realized(g, key) {
  if (key !== 'sensitivity') return g[key];
  const f = g.fnr;
  return { value: f.value === null ? null : 1 - f.value, ci: f.ci ? [1 - f.ci[1], 1 - f.ci[0]] : null, reason: f.reason };
}

/**
 * Estimated vs realized performance where labels are pending, per group and day, from the series' buckets: beside the
 * realized rate of the bucket's matured predictions (with its Wilson interval) the CBPE estimate of its pending ones
 * (GroupStatus.estimated, with its interval) and the label completeness. Only complete days that still have pending
 * predictions are shown. A radio group picks the metric and a select the group (both native, so keyboard operable);
 * the chart and its table are redrawn in place. Counts come from the status as every panel shows them (small cells
 * suppressed); an estimate the service marks unreliable says so in words, with its reasons.
 */
function estimatePanel(series, attributes) {
  const groups = [{ label: 'All patients', pick: p => p.overall }];
  for (const attribute of attributes) {
    const levels = [...new Set(series.points.flatMap(p => p.groups.filter(g => g.attribute === attribute).map(g => g.level)))];
    for (const level of levels) groups.push({ label: `${attribute} = ${level}`, pick: p => p.groups.find(g => g.attribute === attribute && g.level === level) });
  }
  const pendingDay = p => !p.partial && p.overall.estimated && p.overall.label_completeness.value !== null && p.overall.label_completeness.value < 1;
  const days = series.points.filter(pendingDay);
  const panel = h('div', { id: 'estimate-panel', 'data-panel': 'estimate' });
  if (days.length === 0) {
    panel.append(h('p', {}, 'No complete day in the period has pending labels: every prediction has matured, so the realized performance above is the whole story.'));
    return panel;
  }
  const state = { metric: 'fnr', group: 0 };
  const body = h('div', { class: 'estimate-body', 'aria-live': 'polite' });
  const metricChoice = h('fieldset', { class: 'choice' }, h('legend', {}, 'Metric'),
    ESTIMATED.map(([key, title]) => h('label', { class: 'inline' },
      h('input', { type: 'radio', name: 'estimate-metric', value: key, checked: key === state.metric, onchange: e => { state.metric = e.target.value; draw(); } }),
      ` ${title}`)));
  const groupChoice = h('label', { class: 'inline' }, 'Group ',
    h('select', { id: 'estimate-group', onchange: e => { state.group = Number(e.target.value); draw(); } },
      groups.map((g, i) => h('option', { value: i }, g.label))));
  function draw() {
    const [key, title, meaning] = ESTIMATED.find(m => m[0] === state.metric);
    const group = groups[state.group];
    const rows = days.map(p => ({ day: new Date(p.from), g: group.pick(p) })).filter(r => r.g);
    const real = rows.map(r => { const m = realized(r.g, key); return { x: r.day, y: m.value, lo: m.ci?.[0] ?? null, hi: m.ci?.[1] ?? null }; });
    const est = rows.map(r => { const m = r.g.estimated?.[key]; return { x: r.day, y: m?.value ?? null, lo: m?.ci?.[0] ?? null, hi: m?.ci?.[1] ?? null }; });
    const completeness = rows.map(r => ({ x: r.day, y: r.g.label_completeness.value, lo: null, hi: null }));
    const names = ['Realized (matured labels)', 'Estimated (pending, CBPE)', 'Label completeness'];
    const caption = `${title}: realized vs estimated for ${group.label}, per day with pending labels`;
    const chart = lineChart({
      title: caption,
      description: `${title}, ${meaning}. Solid line: realized on the matured predictions with its Wilson interval; dashed line: estimated on the pending predictions from the reference calibration (CBPE) with its interval; dotted line: label completeness. Days with pending labels only; the table below lists every value.`,
      series: names.map((label, i) => ({ label, points: [real, est, completeness][i] })),
    });
    const unreliable = rows.filter(r => r.g.estimated && !r.g.estimated.reliable);
    const table1 = table(caption, ['Day', 'Realized', 'Realized interval', 'Estimated', 'Estimated interval', 'Estimate', 'Pending', 'Label completeness'],
      rows.map(r => {
        const m = realized(r.g, key);
        const e = r.g.estimated;
        return [r.day.toISOString().slice(0, 10), metricText(m), ciText(m), e ? metricText(e[key]) : 'not estimated', e ? ciText(e[key]) : null,
          !e ? null : e.reliable ? 'reliable' : 'UNRELIABLE', count(e ? e.pending : r.g.pending), metricText(r.g.label_completeness)];
      }), [1, 3, 6, 7]);
    body.replaceChildren(
      h('figure', { 'data-estimate-metric': key, 'data-estimate-group': group.label },
        h('figcaption', {}, caption),
        legend(names),
        chart,
        table1),
      unreliable.length === 0 ? null
        : h('p', { class: 'note', id: 'estimate-unreliable' }, `Unreliable estimates on ${unreliable.length} day${unreliable.length === 1 ? '' : 's'}: ${[...new Set(unreliable.flatMap(r => r.g.estimated.reasons))].join('; ')}.`));
  }
  draw();
  panel.append(
    h('p', { class: 'note' }, 'Realized rates count matured labels only; for the predictions still waiting for their outcome the service estimates the rate from the scores and the reference calibration (CBPE). An estimate assumes the outcome given the score is as in the reference: a concept shift or more treatment is invisible until the labels mature.'),
    h('div', { class: 'controls' }, metricChoice, groupChoice),
    body);
  return panel;
}

async function alertPage(alertId) {
  const a = await api(`/v1/alerts/${enc(alertId)}`);
  const group = a.attribute === null ? 'all patients' : `patients with ${a.attribute} = ${a.level}`;
  const window = a.evidence.window_from_ms != null && a.evidence.window_to_ms != null ? ` (${when(a.evidence.window_from_ms)} to ${when(a.evidence.window_to_ms)})` : '';
  const translation = a.clinical_translation
    ? h('p', { class: 'translation', id: 'translation' },
      `In clinical terms: ${a.clinical_translation}${window}, against the reference.`)
    : a.additional_missed_per_1000 != null
      ? h('p', { class: 'translation', id: 'translation' },
        `About ${Math.round(a.additional_missed_per_1000)} additional missed cases per 1,000 patients with the outcome among ${group}, against the reference.`)
      : a.metric === 'fnr'
        ? h('p', { class: 'translation', id: 'translation' },
          `Missed ${pct(a.value)} of patients with the outcome among ${group}. No count of additional missed cases: the registration has no reference miss rate to compare with.`)
        : null;
  const evidence = Object.entries(a.evidence).map(([k, v]) => [words(k), v === null ? 'not defined' : k.endsWith('_ms') ? when(v) : String(Math.round(v * 10000) / 10000)]);
  show(
    heading(`Alert #${a.id}: ${words(a.kind)} of ${a.metric} for ${group}`),
    h('p', {}, badge(stateOf(a)), ' ', a.message),
    translation,
    table('What was observed', ['Model', 'Version', 'Metric', 'Value', 'Interval', 'Bound', 'Opened', 'Updated'],
      [[h('a', { href: `#/models/${enc(a.model)}` }, a.model), a.version, a.metric, alertNumber(a, a.value), a.interval ? `${alertNumber(a, a.interval[0])} – ${alertNumber(a, a.interval[1])}` : null,
        alertNumber(a, a.bound), when(a.opened_at), when(a.updated_at)]]),
    table('Evidence', ['Quantity', 'Value'], evidence, [1]),
    table('History', ['State', 'By', 'When', 'Note'], a.history.map(t => [badge(stateOf(t)), t.user, when(t.at), t.note])),
    table('Actions', ['Alert', 'Kind', 'Group', 'Metric', 'Value', 'State', 'Opened', 'What moved', 'Actions'], alertRows([a], () => alertPage(alertId)), [4]));
}

// ---- routing ----------------------------------------------------------------------------------------------------
async function route() {
  if (!requireKey()) return;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  view.setAttribute('aria-busy', 'true');
  try {
    if (parts[0] === 'models' && parts[1]) await modelPage(parts[1]);
    else if (parts[0] === 'alerts' && parts[1]) await alertPage(parts[1]);
    else await modelsPage();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { sessionStorage.removeItem(KEY); requireKey(); document.getElementById('sign-in-error').textContent = err.message; }
    else show(heading('Could not load this page'), h('p', { class: 'error', role: 'alert' }, err.message));
  } finally {
    view.setAttribute('aria-busy', 'false');
    document.body.dataset.ready = String(Date.now());
  }
}

window.addEventListener('hashchange', route);
route();
