// Edit forms: a labelled field with its own error line; an API refusal lands under the field it names.

import { h } from './dom.js';
import { ApiError, session } from './api.js';

/** A field: label, input, apply button, error line. ids: field-NAME, apply-NAME, error-NAME. */
export function field(name, label, input, onApply) {
  input.id = input.id || `field-${name}`;
  input.dataset.field = name;
  const error = h('div', { class: 'error', id: `error-${name}`, role: 'alert' });
  const button = h('button', { type: 'button', id: `apply-${name}`, class: 'needs-session', onclick: onApply }, 'Apply');
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, button, error);
}

/** Clears every error under root. */
export function clearErrors(root) {
  root.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  root.querySelectorAll('.invalid').forEach(e => e.classList.remove('invalid'));
}

/**
 * Shows a failure: under the field the API named (or the one given), else in the fallback line.
 * @returns the element that shows it
 */
export function showError(root, error, fallbackId, fieldHint) {
  const fieldName = (error instanceof ApiError && error.field) || fieldHint;
  let target = fieldName ? root.querySelector(`#error-${cssEscape(fieldName)}`) : null;
  if (fieldName) {
    const input = root.querySelector(`[data-field="${cssEscape(fieldName)}"]`);
    if (input) input.classList.add('invalid');
  }
  if (!target) target = root.querySelector(`#${fallbackId}`);
  const prefix = error instanceof ApiError ? `refused (${error.status}): ` : '';
  target.textContent = prefix + error.message;
  return target;
}

/** Bad input caught before it is sent: the same display as the API's 400. */
export function invalid(fieldName, message) {
  return new ApiError(400, message, fieldName);
}

/** A whole number from min, or an error naming the field. */
export function wholeNumber(fieldName, text, min) {
  const t = String(text).trim();
  if (!/^-?\d+$/.test(t)) throw invalid(fieldName, `${fieldName} must be a whole number, got "${t}"`);
  const n = Number(t);
  if (n < min) throw invalid(fieldName, `${fieldName} must be at least ${min}, got ${n}`);
  return n;
}

/** "key=value" lines as a map of strings. */
export function parameters(fieldName, text) {
  const out = {};
  for (const raw of String(text).split(/\n|,/)) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw invalid(fieldName, `"${line}" is not key=value`);
    out[line.substring(0, eq).trim()] = line.substring(eq + 1).trim();
  }
  return out;
}

/** Activity parameters: key=value, and a weight ("share") must be a whole number of at least 1. */
export function activityParameters(fieldName, text) {
  const p = parameters(fieldName, text);
  if (!Object.keys(p).length) throw invalid(fieldName, 'write at least one key=value, e.g. share=3000');
  if ('share' in p && !/^\d+$/.test(p.share)) throw invalid(fieldName, `share is a weight: a whole number of at least 1, got "${p.share}"`);
  if ('share' in p && Number(p.share) < 1) throw invalid(fieldName, `share is a weight: at least 1, got ${p.share}`);
  return p;
}

/** Enables the edit buttons only with a session, and says why they are off. */
export function reflectSession(root) {
  root.querySelectorAll('.needs-session').forEach(b => {
    b.disabled = !session.user;
    b.title = session.user ? '' : 'log in to edit';
  });
}

function cssEscape(text) {
  return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/[^a-zA-Z0-9_-]/g, '\\$&');
}
