// The scheduler panel: a scheduler's type and parameters, its clients with their shares over time,
// and every edit the API offers on it (swap, cores, cpushare, metric, batch, activity parameters).

import { h, replace, pct, rate, millis } from '../dom.js';
import { lineChart, legend } from '../chart.js';
import { onSnapshot, live } from '../live.js';
import * as api from '../api.js';
import { field, clearErrors, showError, wholeNumber, parameters, activityParameters, reflectSession } from '../form.js';

export function schedulersView(section) {
  const list = h('ul', { id: 'target-list' });
  const panel = h('div', { id: 'resource-panel', class: 'card' }, h('p', { class: 'hint' }, 'Pick a scheduler.'));
  replace(section, h('h2', {}, 'Schedulers'), h('div', { class: 'row' }, h('div', { class: 'card' }, list), panel));
  let selected = null;
  let live_ = null; // the parts redrawn each second
  let schedulerNames = [];

  const select = target => {
    selected = target;
    live_ = live.grid && live.grid.schedulers.some(x => x.target === target) ? buildPanel(panel, target, schedulerNames) : null;
    update();
  };

  const update = () => {
    const grid = live.grid;
    if (!grid) return;
    const targets = grid.schedulers.map(x => x.target);
    replace(list, ...grid.schedulers.map(x => h('li', { 'data-target': x.target, class: x.target === selected ? 'selected' : '',
      onclick: () => select(x.target) }, x.target, h('span', { class: 'muted' }, ` · ${x.scheduler}`))));
    if (selected && !targets.includes(selected)) {
      replace(panel, h('p', { class: 'error' }, `${selected} is not in the grid.`));
      live_ = null;
    } else if (selected && !live_) {
      live_ = buildPanel(panel, selected, schedulerNames);
    }
    if (live_) live_(grid);
  };

  panel.addEventListener('open-target', event => select(event.detail));
  api.get('/api/schedulers').then(names => { schedulerNames = names.map(n => n.name); }).catch(() => {});
  onSnapshot(() => { if (!section.hidden) update(); });
  api.onSession(() => reflectSession(section));
  return { select, show: update };
}

function buildPanel(panel, target, schedulerNames) {
  const grid = live.grid;
  const sc = grid.schedulers.find(x => x.target === target);
  const resource = grid.resources.find(r => r.name === target);
  const now = h('div', { id: 'scheduler-now' });
  const result = h('div', { id: 'edit-result', class: 'ok' });
  const general = h('div', { id: 'error-edit', class: 'error', role: 'alert' });
  const chart = h('div', { id: 'share-chart-holder' });
  const clients = h('div', { id: 'client-table-holder' });
  let clientKey = null; // the clients the table shows: rebuilt only when they change, so an edit in progress stays

  const schedulerInput = h('select', {}, ...[...new Set([...schedulerNames, sc.scheduler])].sort().map(n => h('option', { value: n, selected: n === sc.scheduler }, n)));
  const parametersInput = h('textarea', { rows: 2, placeholder: 'key=value, one a line' },
    Object.entries(sc.parameters).map(([k, v]) => `${k}=${v}`).join('\n'));
  parametersInput.dataset.field = 'parameters';
  parametersInput.id = 'field-parameters';
  const coresInput = h('input', { value: sc.cores });
  const cpushareInput = h('input', { value: String(sc.cpushare), inputmode: 'numeric' });
  const metrics = ['cpu', 'memory', 'nbytes', ...(resource ? resource.metrics : [])];
  const metricInput = h('input', { value: sc.metric, list: 'metric-options' });
  const batchInput = h('input', { value: String(sc.batch), inputmode: 'numeric' });

  const run = async (fieldName, build) => {
    clearErrors(panel);
    result.textContent = '';
    try {
      const [path, body] = build();
      const outcome = await api.post(path, body);
      result.textContent = `applied: ${outcome.description} (longest core pause ${millis(outcome.longestCorePauseNanos)})`;
    } catch (e) {
      showError(panel, e, 'error-edit', fieldName);
    }
  };

  replace(panel,
    h('h3', { id: 'panel-title' }, target),
    h('div', { class: 'hint' }, `${sc.kind.toLowerCase()} scheduler${sc.parent ? ' under ' + sc.parent : ''}`),
    now,
    h('datalist', { id: 'metric-options' }, ...[...new Set(metrics)].map(m => h('option', { value: m }))),
    h('h3', {}, 'Edit'),
    h('div', { class: 'hint needs-session-hint' }, 'Edits need a login; each is applied on every core at once and written to the audit log.'),
    field('scheduler', 'scheduler', schedulerInput, () => run('scheduler', () =>
      ['/api/edits/swap', { target, scheduler: schedulerInput.value, parameters: parameters('parameters', parametersInput.value) }])),
    h('div', { class: 'field' }, h('label', { for: 'field-parameters' }, 'parameters'), parametersInput, h('span', { class: 'hint' }, 'sent with a swap'),
      h('div', { class: 'error', id: 'error-parameters' })),
    field('cores', 'cores', coresInput, () => run('cores', () => ['/api/edits/cores', { target, cores: coresInput.value.trim() }])),
    sc.kind === 'CPU' ? null : field('cpushare', 'cpushare', cpushareInput, () => run('cpushare', () =>
      ['/api/edits/cpushare', { target, cpushare: wholeNumber('cpushare', cpushareInput.value, 1) }])),
    field('metric', 'metric', metricInput, () => run('metric', () => ['/api/edits/metric', { target, metric: metricInput.value.trim() }])),
    field('batch', 'batch', batchInput, () => run('batch', () => ['/api/edits/batch', { target, batch: wholeNumber('batch', batchInput.value, 1) }])),
    general, result,
    h('h3', {}, 'Clients: share over time'), chart,
    h('h3', {}, 'Clients now'), clients);
  reflectSession(panel);

  return grid2 => {
    const cur = grid2.schedulers.find(x => x.target === target);
    if (!cur) return;
    const params = Object.entries(cur.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
    replace(now, h('table', {}, h('tbody', {},
      row('scheduler', h('b', { id: 'current-scheduler' }, cur.scheduler), params ? ` {${params}}` : ''),
      row('metric', cur.metric), row('cores', cur.cores), row('cpushare', String(cur.cpushare)), row('batch', String(cur.batch)),
      resource ? row('load', `${rate(resourceRate(grid2, target))} msg/s`) : null)));
    const names = [...new Set(live.history.flatMap(sample => {
      const x = sample.grid.schedulers.find(y => y.target === target);
      return x ? x.clients.map(c => c.client) : [];
    }))];
    const series = names.map(name => ({ name, values: live.history.map(sample => {
      const x = sample.grid.schedulers.find(y => y.target === target);
      const c = x ? x.clients.find(y => y.client === name) : null;
      return c ? c.share * 100 : null;
    }) })).filter(sr => sr.values.some(v => v));
    replace(chart, lineChart({ id: 'share-chart', points: 120, yMax: 100, yUnit: '%', series, label: `shares at ${target}` }),
      legend(series, v => v === null || v === undefined ? '–' : v.toFixed(1) + ' %'),
      series.length ? null : h('p', { class: 'hint' }, 'No client has consumed anything in the last two minutes.'));
    const key = cur.clients.map(c => `${c.client}:${c.activityId}`).join('|');
    if (key !== clientKey) {
      clientKey = key;
      replace(clients, clientTable(grid2, cur, panel));
    } else {
      for (const c of cur.clients) {
        const tr = clients.querySelector(`tr[data-client="${CSS.escape(c.client)}"]`);
        if (tr) {
          tr.querySelector('.share').textContent = pct(c.share);
          tr.querySelector('.consumed').textContent = String(c.consumed);
        }
      }
    }
    reflectSession(panel);
  };
}

function row(label, ...value) {
  return h('tr', {}, h('th', {}, label), h('td', {}, ...value));
}

function resourceRate(grid, name) {
  const r = grid.resources.find(x => x.name === name);
  return r ? r.messagesPerSecond : 0;
}

/** The clients now; an activity's parameters (its weight) can be edited in place. */
function clientTable(grid, sc, panel) {
  const table = h('table', { id: 'client-table' }, h('thead', {}, h('tr', {},
    h('th', {}, 'client'), h('th', {}, 'activity'), h('th', { class: 'num' }, 'share now'), h('th', { class: 'num' }, 'consumed'),
    h('th', {}, 'activity parameters'))));
  const body = h('tbody');
  for (const c of sc.clients) {
    const activity = grid.activities.find(a => a.id === c.activityId);
    let editor = null;
    if (activity) {
      const input = h('input', { id: `act-${c.activityId}`, value: Object.entries(activity.parameters).map(([k, v]) => `${k}=${v}`).join(', '),
        size: 18 });
      input.dataset.field = `activity-${c.activityId}`;
      const error = h('div', { class: 'error', id: `error-activity-${c.activityId}` });
      editor = h('div', {}, input, ' ', h('button', { type: 'button', class: 'needs-session', onclick: async () => {
        clearErrors(panel);
        try {
          const outcome = await api.post('/api/edits/activity-parameters', { target: String(c.activityId), parameters: activityParameters(`activity-${c.activityId}`, input.value) });
          panel.querySelector('#edit-result').textContent = `applied: ${outcome.description}`;
        } catch (e) {
          // whatever field the API names (target, parameters), it is about this row's activity
          input.classList.add('invalid');
          error.textContent = e instanceof api.ApiError ? `refused (${e.status}): ${e.message}` : e.message;
        }
      } }, 'Apply'), error);
    }
    // a client that has a scheduler of its own (a resource under the CPU scheduler): its weight is that scheduler's cpushare
    const own = grid.schedulers.some(x => x.target === c.client) && c.client !== sc.target;
    const name = own ? h('a', { href: `#resources`, class: 'client-link', onclick: event => {
      event.preventDefault();
      panel.dispatchEvent(new CustomEvent('open-target', { bubbles: true, detail: c.client }));
    } }, c.client) : c.client;
    body.append(h('tr', { 'data-client': c.client }, h('td', {}, name), h('td', {}, activity ? `${activity.name} (${activity.id})` : c.activityId > 0 ? String(c.activityId) : '–'),
      h('td', { class: 'num share' }, pct(c.share)), h('td', { class: 'num consumed' }, String(c.consumed)), h('td', {}, editor)));
  }
  table.append(body);
  return table;
}
