// Bundles and drivers: the framework's bundles, with the devices each driver registered (from the
// grid); install from an uploaded jar; start, stop, update, uninstall. The framework's reason is shown
// when it refuses.

import { h, replace } from '../dom.js';
import { onSnapshot, live } from '../live.js';
import * as api from '../api.js';
import { clearErrors, showError, reflectSession } from '../form.js';

export function bundlesView(section) {
  const holder = h('div', { id: 'bundle-table-holder' });
  const devices = h('div', { id: 'device-list' });
  const result = h('div', { id: 'bundle-result', class: 'ok' });
  const error = h('div', { id: 'error-bundle', class: 'error', role: 'alert' });
  const file = h('input', { type: 'file', id: 'bundle-file', accept: '.jar,application/java-archive' });
  file.dataset.field = 'file';
  let bundles = [];

  const done = async (promise, what) => {
    clearErrors(section);
    result.textContent = '';
    try {
      const b = await promise;
      result.textContent = what(b);
    } catch (e) {
      showError(section, e, 'error-bundle');
    }
    await refresh();
  };

  const install = () => {
    const f = file.files[0];
    if (!f) {
      clearErrors(section);
      showError(section, new api.ApiError(400, 'choose a jar first', 'file'), 'error-bundle');
      return;
    }
    done(api.upload(`/api/bundles?name=${encodeURIComponent(f.name)}`, f),
      b => `installed ${b.symbolicName} ${b.version} as bundle ${b.id} (${b.state}); start it below`);
  };

  const update = b => {
    const chooser = h('input', { type: 'file', accept: '.jar', hidden: true, onchange: () => {
      const f = chooser.files[0];
      if (f) done(api.upload(`/api/bundles/update?id=${b.id}&name=${encodeURIComponent(f.name)}`, f), x => `updated bundle ${x.id} to ${x.version} (${x.state})`);
      chooser.remove();
    } });
    section.append(chooser);
    chooser.click();
  };

  const refresh = async () => {
    try {
      bundles = await api.get('/api/bundles');
    } catch (e) {
      replace(holder, h('p', { class: 'error' }, e.message));
      return;
    }
    draw();
  };

  const draw = () => {
    const byDriver = new Map();
    for (const d of (live.grid ? live.grid.devices : [])) {
      if (!byDriver.has(d.driver)) byDriver.set(d.driver, []);
      byDriver.get(d.driver).push(d.name);
    }
    replace(holder, h('table', { id: 'bundle-table' },
      h('thead', {}, h('tr', {}, ...['id', 'bundle', 'version', 'state', 'devices', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, ...bundles.map(b => h('tr', { 'data-bsn': b.symbolicName, 'data-id': b.id, 'data-state': b.state },
        h('td', {}, String(b.id)), h('td', {}, b.symbolicName, b.name ? h('div', { class: 'hint' }, b.name) : null), h('td', {}, b.version),
        h('td', { class: 'state' }, b.state), h('td', { class: 'devices' }, (byDriver.get(b.symbolicName) || []).join(', ') || (b.driver ? 'driver' : '')),
        h('td', { class: 'actions' }, b.id === 0 ? h('span', { class: 'hint' }, 'the framework') : [
          b.state === 'ACTIVE'
            ? h('button', { type: 'button', class: 'needs-session stop', onclick: () => done(api.post('/api/bundles/stop', { id: b.id }), x => `stopped bundle ${x.id} (${x.state})`) }, 'Stop')
            : h('button', { type: 'button', class: 'needs-session start', onclick: () => done(api.post('/api/bundles/start', { id: b.id }), x => `started bundle ${x.id} (${x.state})`) }, 'Start'),
          h('button', { type: 'button', class: 'needs-session update', onclick: () => update(b) }, 'Update…'),
          h('button', { type: 'button', class: 'needs-session uninstall', onclick: () => {
            if (window.confirm(`Uninstall bundle ${b.id} (${b.symbolicName})?`)) {
              done(api.post('/api/bundles/uninstall', { id: b.id }), x => `uninstalled bundle ${x.id}`);
            }
          } }, 'Uninstall')]))))));
    const devs = live.grid ? live.grid.devices : [];
    replace(devices, devs.length ? h('ul', {}, ...devs.map(d => h('li', { 'data-device': d.name }, `${d.name} (${d.type}) from ${d.driver}`,
      d.resources.length ? ` — served by ${d.resources.join(', ')}` : ''))) : h('p', { class: 'hint' }, 'No device is registered.'));
    reflectSession(section);
  };

  replace(section,
    h('h2', {}, 'Bundles and drivers'),
    h('div', { class: 'row' }, h('label', { for: 'bundle-file' }, 'Install a bundle: '), file,
      h('button', { type: 'button', id: 'bundle-upload', class: 'needs-session', onclick: install }, 'Upload and install')),
    h('div', { class: 'error', id: 'error-file' }), h('div', { class: 'error', id: 'error-id' }), error, result,
    h('h3', {}, 'Devices'), devices,
    h('h3', {}, 'Bundles'), holder);

  let tick = 0;
  onSnapshot(() => {
    if (section.hidden) return;
    if (tick++ % 3 === 0) refresh(); else draw();
  });
  api.onSession(() => reflectSession(section));
  return { show: refresh };
}

