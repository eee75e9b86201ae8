// Experiments: start one (E1) in a child JVM with its own kernel and grid, and watch its samples
// arrive as a plot like the seed's figure 5.1, with the entitlements dashed.

import { h, replace, PALETTE } from '../dom.js';
import { lineChart, legend } from '../chart.js';
import * as api from '../api.js';
import { clearErrors, showError, wholeNumber, reflectSession } from '../form.js';

export function experimentsView(section) {
  const name = h('select', { id: 'exp-name' });
  name.dataset.field = 'name';
  const seconds = h('input', { id: 'exp-seconds', value: '30', size: 5 });
  seconds.dataset.field = 'seconds';
  const mode = h('select', { id: 'exp-mode' }, h('option', { value: 'processes' }, 'processes'), h('option', { value: 'synthetic' }, 'synthetic'));
  mode.dataset.field = 'mode';
  const state = h('div', { id: 'exp-state' });
  const chart = h('div', { id: 'exp-chart-holder' });
  const log = h('pre', { class: 'log', id: 'exp-log' });
  const error = h('div', { id: 'error-experiment', class: 'error', role: 'alert' });
  let current = null;
  let timer = null;

  const start = async () => {
    clearErrors(section);
    try {
      const run = await api.post('/api/experiments', { name: name.value, seconds: wholeNumber('seconds', seconds.value, 1), mode: mode.value });
      current = run.run;
      poll();
    } catch (e) {
      showError(section, e, 'error-experiment');
    }
  };

  const stop = async () => {
    clearErrors(section);
    try {
      await api.post('/api/experiments/stop', { run: current });
    } catch (e) {
      showError(section, e, 'error-experiment');
    }
  };

  const poll = async () => {
    clearTimeout(timer);
    let all;
    try {
      all = await api.get('/api/experiments');
    } catch (e) {
      replace(state, h('p', { class: 'error' }, e.message));
      return;
    }
    if (!name.options.length) all.available.forEach(n => name.append(h('option', { value: n }, n)));
    if (all.unavailable) replace(state, h('p', { class: 'error' }, all.unavailable));
    const run = all.runs.find(r => r.run === current) || all.runs[all.runs.length - 1];
    if (run) {
      current = run.run;
      draw(run);
    }
    if (!section.hidden && run && run.state === 'running') timer = setTimeout(poll, 1000);
    reflectSession(section);
  };

  const draw = run => {
    const activities = run.samples.length ? Object.keys(run.samples[0].shares) : [];
    const series = activities.map((a, i) => ({ name: a, color: PALETTE[i], values: run.samples.map(x => x.shares[a]) }));
    const refs = activities.map((a, i) => ({ name: `${a} entitled`, color: PALETTE[i], value: run.samples[0].entitled[a] }));
    replace(state, h('p', { 'data-state': run.state }, `run ${run.run}: ${run.name}${run.mode ? ' (' + run.mode + ')' : ''}, `,
      h('b', { id: 'exp-run-state' }, run.state), ` — ${run.samples.length} of ${run.seconds} samples; files in ${run.out}`));
    replace(chart, lineChart({ id: 'exp-chart', points: Math.max(run.seconds, 2), yMax: 100, yUnit: '%', series, refs,
      xLabel: `seconds (of ${run.seconds})`, label: 'CPU share per activity' }),
    legend(series, v => v === null || v === undefined ? '–' : v.toFixed(2) + ' %'),
    refs.length ? h('p', { class: 'hint' }, 'dashed: entitlement ', refs.map(r => `${r.name} ${r.value.toFixed(2)} %`).join(', ')) : null);
    log.textContent = run.log.join('\n');
    log.scrollTop = log.scrollHeight;
  };

  replace(section,
    h('h2', {}, 'Experiments'),
    h('p', { class: 'hint' }, 'An experiment runs in a child JVM with a kernel and grid of its own (as ./okernel experiment does), so the live grid here is not changed; it shares this machine\'s processors, though, so both see less CPU while it runs.'),
    h('div', { class: 'row' }, h('label', {}, 'experiment ', name), h('label', {}, 'seconds ', seconds), h('label', {}, 'mode ', mode),
      h('button', { type: 'button', id: 'exp-start', class: 'needs-session', onclick: start }, 'Start'),
      h('button', { type: 'button', id: 'exp-stop', class: 'needs-session', onclick: stop }, 'Stop')),
    h('div', { class: 'error', id: 'error-name' }), h('div', { class: 'error', id: 'error-seconds' }), h('div', { class: 'error', id: 'error-mode' }),
    error, state, chart, h('h3', {}, 'Output'), log);
  api.onSession(() => reflectSession(section));
  return { show: poll };
}
