// Activities and processes, like top: CPU, memory, bytes and messages per activity, refreshed each
// second; processes with kill, suspend and resume; start a program as a process.

import { h, replace, pct, rate, bytes, millis } from '../dom.js';
import { onSnapshot, live } from '../live.js';
import * as api from '../api.js';
import { clearErrors, showError, wholeNumber, reflectSession } from '../form.js';

export function activitiesView(section) {
  const activityHolder = h('div', { id: 'activity-table-holder' });
  const processHolder = h('div', { id: 'process-table-holder' });
  const result = h('div', { id: 'process-result', class: 'ok' });
  const error = h('div', { id: 'error-process', class: 'error', role: 'alert' });
  const program = h('input', { id: 'proc-program', value: 'burn', size: 10 });
  program.dataset.field = 'program';
  const args = h('input', { id: 'proc-args', value: '2', size: 10, placeholder: 'arguments' });
  args.dataset.field = 'args';
  const share = h('input', { id: 'proc-share', value: '1000', size: 7 });
  share.dataset.field = 'share';
  const policy = h('input', { id: 'proc-policy', value: 'roundrobin', size: 12 });
  policy.dataset.field = 'policy';
  let processes = [];

  const act = async (path, body) => {
    clearErrors(section);
    result.textContent = '';
    try {
      await api.post(path, body);
      result.textContent = `${path.substring(path.lastIndexOf('/') + 1)}: done for process ${body.id}`;
      await refresh();
    } catch (e) {
      showError(section, e, 'error-process');
    }
  };

  const start = async () => {
    clearErrors(section);
    result.textContent = '';
    try {
      const body = { program: program.value.trim(), args: args.value.trim() ? args.value.trim().split(/\s+/) : [],
        share: wholeNumber('share', share.value, 1), policy: policy.value.trim() };
      const p = await api.post('/api/processes', body);
      result.textContent = `started process ${p.id} (${p.program}); its CPU aggregate ${p.cpua.activity} runs under ${p.cpua.resource}`;
      await refresh();
    } catch (e) {
      showError(section, e, 'error-process');
    }
  };

  const refresh = async () => {
    try {
      processes = await api.get('/api/processes');
    } catch (e) {
      processes = [];
      replace(processHolder, h('p', { class: 'hint' }, `processes: ${e.message}`));
      return;
    }
    drawProcesses();
  };

  const drawProcesses = () => {
    const byActivity = new Map((live.grid ? live.grid.activities : []).map(a => [a.id, a]));
    replace(processHolder, h('table', { id: 'process-table' },
      h('thead', {}, h('tr', {}, ...['pid', 'program', 'CPU aggregate', 'TR instance', 'share', 'threads', 'CPU now', 'CPU total', 'state', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, ...processes.map(p => {
        const a = byActivity.get(p.cpua.activityId);
        return h('tr', { 'data-pid': p.id },
          h('td', {}, String(p.id)), h('td', {}, p.program), h('td', {}, `${p.cpua.activity} (${p.cpua.activityId})`), h('td', {}, p.cpua.resource),
          h('td', { class: 'num' }, String(p.cpua.share)), h('td', { class: 'num' }, String(p.threads.length)),
          h('td', { class: 'num' }, a ? pct(a.cpuFraction) : '–'), h('td', { class: 'num' }, millis(p.cpuNanos)),
          h('td', {}, p.cpua.suspended ? 'suspended' : p.alive ? 'running' : 'ending'),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'needs-session kill', onclick: () => act('/api/processes/kill', { id: p.id }) }, 'Kill'),
            p.cpua.suspended
              ? h('button', { type: 'button', class: 'needs-session resume', onclick: () => act('/api/processes/resume', { id: p.id }) }, 'Resume')
              : h('button', { type: 'button', class: 'needs-session suspend', onclick: () => act('/api/processes/suspend', { id: p.id }) }, 'Suspend')));
      })),
    ), processes.length ? null : h('p', { class: 'hint' }, 'No processes run. Start one below.'));
    reflectSession(section);
  };

  replace(section,
    h('h2', {}, 'Activities'),
    h('p', { class: 'hint' }, 'Every live activity, busiest first: its share of the kernel\'s core time, memory allocated by its handlers, bytes resources reported for it, messages, over the last second.'),
    activityHolder,
    h('h2', {}, 'Processes'),
    processHolder,
    h('h3', {}, 'Start a program'),
    h('div', { class: 'row' },
      h('label', {}, 'program ', program), h('label', {}, 'arguments ', args), h('label', {}, 'share ', share), h('label', {}, 'CPU aggregate scheduler ', policy),
      h('button', { type: 'button', id: 'proc-start', class: 'needs-session', onclick: start }, 'Start')),
    h('div', { class: 'error', id: 'error-program' }), h('div', { class: 'error', id: 'error-share' }), h('div', { class: 'error', id: 'error-args' }),
    h('div', { class: 'error', id: 'error-policy' }),
    error, result);

  let tick = 0;
  onSnapshot(state => {
    if (section.hidden || !state.grid) return;
    drawActivities(activityHolder, state.grid, processes);
    if (tick++ % 2 === 0) refresh(); else drawProcesses();
  });
  api.onSession(() => reflectSession(section));
  return { show: () => {
    if (live.grid) drawActivities(activityHolder, live.grid, processes);
    refresh();
  } };
}

function drawActivities(holder, grid, processes) {
  const pidOf = new Map(processes.map(p => [p.cpua.activityId, p]));
  const rows = [...grid.activities].sort((a, b) => b.cpuFraction - a.cpuFraction || a.id - b.id);
  replace(holder, h('table', { id: 'activity-table' },
    h('thead', {}, h('tr', {}, ...['id', 'activity', 'process', 'CPU', 'CPU total', 'memory allocated', 'bytes/s', 'bytes total', 'msg/s', 'messages', 'queued'].map(t =>
      h('th', { class: ['id', 'activity', 'process'].includes(t) ? '' : 'num' }, t)))),
    h('tbody', {}, ...rows.map(a => {
      const p = pidOf.get(a.id);
      return h('tr', { 'data-activity': a.id },
        h('td', {}, String(a.id)), h('td', {}, a.name), h('td', {}, p ? `pid ${p.id} (${p.program})` : ''),
        h('td', { class: 'num cpu' }, pct(a.cpuFraction)), h('td', { class: 'num' }, millis(a.totals.cpuNanos)),
        h('td', { class: 'num' }, bytes(a.totals.memoryBytes)), h('td', { class: 'num' }, bytes(a.bytesPerSecond)),
        h('td', { class: 'num' }, bytes(a.totals.nbytes)), h('td', { class: 'num' }, rate(a.messagesPerSecond)),
        h('td', { class: 'num' }, String(a.totals.messages)), h('td', { class: 'num' }, String(a.totals.queued)));
    }))));
}
