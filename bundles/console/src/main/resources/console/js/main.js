// The console: tabs, the login, the statistics stream, and the views.

import * as api from './api.js';
import { connect } from './live.js';
import { gridView } from './views/grid.js';
import { schedulersView } from './views/schedulers.js';
import { activitiesView } from './views/activities.js';
import { bundlesView } from './views/bundles.js';
import { experimentsView } from './views/experiments.js';
import { auditView } from './views/audit.js';

const $ = id => document.getElementById(id);
const views = {};

function show(name) {
  document.querySelectorAll('nav button').forEach(b => b.classList.toggle('active', b.dataset.view === name));
  document.querySelectorAll('main .view').forEach(v => { v.hidden = v.id !== `view-${name}`; });
  if (views[name] && views[name].show) views[name].show();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

function openTarget(target) {
  show('resources');
  views.resources.select(target);
}

function setUpLogin() {
  $('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      await api.login($('login-user').value, $('login-password').value);
      $('login-password').value = '';
    } catch (e) {
      $('login-error').textContent = `login refused (${e.status}): ${e.message}`;
    }
  });
  $('logout-button').addEventListener('click', () => api.logout());
  api.onSession(s => {
    $('login-form').hidden = Boolean(s.user);
    $('logged-in').hidden = !s.user;
    $('session-user').textContent = s.user ? `logged in as ${s.user}` : '';
  });
}

function start() {
  views.grid = gridView($('view-grid'), openTarget);
  views.resources = schedulersView($('view-resources'));
  views.activities = activitiesView($('view-activities'));
  views.bundles = bundlesView($('view-bundles'));
  views.experiments = experimentsView($('view-experiments'));
  views.audit = auditView($('view-audit'));
  document.querySelectorAll('nav button').forEach(b => b.addEventListener('click', () => show(b.dataset.view)));
  setUpLogin();
  api.resume();
  connect($('stream-status'));
  const initial = location.hash.substring(1);
  show(views[initial] ? initial : 'grid');
}

start();
