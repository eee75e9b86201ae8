// Building DOM and SVG from data without innerHTML: every text goes in as text, never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('td', {class: 'num'}, '42') — an HTML element; attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** s('rect', {x: 1}) — an SVG element. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.substring(2), v);
    else if (k === 'hidden' || k === 'disabled' || k === 'checked' || k === 'selected') el[k] = Boolean(v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  fill(el, {}, children);
  return el;
}

export function pct(fraction, digits = 1) {
  return fraction === null || fraction === undefined || Number.isNaN(fraction) ? '–' : (fraction * 100).toFixed(digits) + ' %';
}

export function rate(n) {
  if (!n) return '0';
  if (n >= 1e6) return (n / 1e6).toFixed(2) + ' M';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + ' k';
  return n >= 10 ? n.toFixed(0) : n.toFixed(1);
}

export function bytes(n) {
  if (!n) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
}

export function millis(nanos) {
  return (nanos / 1e6).toFixed(nanos >= 1e9 ? 0 : 1) + ' ms';
}

/** Colours for series: distinguishable, stable by index. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
