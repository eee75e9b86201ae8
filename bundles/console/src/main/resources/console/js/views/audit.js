// The audit log: every edit attempted over HTTP, applied or not, newest first.

import { h, replace } from '../dom.js';
import * as api from '../api.js';

export function auditView(section) {
  const holder = h('div', { id: 'audit-holder' });
  const refresh = async () => {
    if (!api.session.user) {
      replace(holder, h('p', { class: 'hint' }, 'Log in to see the audit log: it shows who changed what, from where.'));
      return;
    }
    try {
      const records = await api.get('/api/audit?limit=200');
      replace(holder, h('table', { id: 'audit-table' },
        h('thead', {}, h('tr', {}, ...['time', 'user', 'from', 'action', 'request', 'outcome', 'status', 'message'].map(t => h('th', {}, t)))),
        h('tbody', {}, ...records.reverse().map(r => h('tr', { 'data-outcome': r.outcome },
          h('td', {}, new Date(r.time).toLocaleString()), h('td', {}, r.user), h('td', {}, r.remote), h('td', {}, r.action),
          h('td', {}, h('code', {}, JSON.stringify(r.request))), h('td', { class: r.outcome === 'applied' ? 'ok' : 'error' }, r.outcome),
          h('td', {}, String(r.status)), h('td', {}, r.message))))));
    } catch (e) {
      replace(holder, h('p', { class: 'error' }, e.message));
    }
  };
  replace(section, h('h2', {}, 'Audit log'),
    h('p', {}, h('button', { type: 'button', id: 'audit-refresh', onclick: refresh }, 'Refresh'), ' ', h('span', { class: 'hint' }, 'every edit, applied, refused or denied; also in log/audit.jsonl')),
    holder);
  api.onSession(refresh);
  return { show: refresh };
}
