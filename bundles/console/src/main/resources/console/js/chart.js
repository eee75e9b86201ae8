// A line chart in SVG: shares over time, like the seed's figures 5.1 and 5.4.

import { s, PALETTE } from './dom.js';

/** The mean of the last n values that are numbers, or null. */
export function recentMean(values, n = 5) {
  const numbers = values.filter(v => typeof v === 'number' && !Number.isNaN(v)).slice(-n);
  return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
}

/**
 * @param options {id, width, height, points (samples along x), yMax, yUnit, xUnit,
 *                 series: [{name, values, color?}], refs: [{name, value, color?}]}
 * Each series' path carries data-name, data-last, data-recent (mean of the last 5 samples) and data-samples, so a
 * reader (or a test) sees the figures the line shows.
 */
export function lineChart(options) {
  const width = options.width || 720, height = options.height || 260;
  const left = 44, right = 12, top = 10, bottom = 26;
  const plotW = width - left - right, plotH = height - top - bottom;
  const points = Math.max(2, options.points || 60);
  const yMax = options.yMax || 100;
  const x = i => left + (i / (points - 1)) * plotW;
  const y = v => top + plotH - (Math.min(Math.max(v, 0), yMax) / yMax) * plotH;
  const svg = s('svg', { id: options.id, class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': options.label || 'chart' });
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    svg.append(s('line', { class: 'grid', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }),
      s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${Math.round(v)}${options.yUnit || ''}`));
  }
  svg.append(s('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + plotH }),
    s('line', { class: 'axis', x1: left, x2: left + plotW, y1: top + plotH, y2: top + plotH }),
    s('text', { x: left + plotW, y: height - 6, 'text-anchor': 'end' }, options.xLabel || `last ${points} s`));
  (options.refs || []).forEach((r, i) => {
    svg.append(s('line', { class: 'ref', x1: left, x2: left + plotW, y1: y(r.value), y2: y(r.value), stroke: r.color || PALETTE[i % PALETTE.length],
      'data-name': r.name }));
  });
  (options.series || []).forEach((series, i) => {
    const values = series.values.slice(-points);
    const offset = points - values.length; // the newest sample at the right edge
    let d = '';
    let pen = false;
    values.forEach((v, k) => {
      if (typeof v !== 'number' || Number.isNaN(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(offset + k).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    const last = values.length ? values[values.length - 1] : null;
    const recent = recentMean(values);
    svg.append(s('path', { class: 'series', d: d || 'M0,0', stroke: series.color || PALETTE[i % PALETTE.length],
      'data-name': series.name, 'data-last': last === null ? '' : last.toFixed(2),
      'data-recent': recent === null ? '' : recent.toFixed(2),
      'data-samples': values.filter(v => typeof v === 'number' && !Number.isNaN(v)).length }));
  });
  return svg;
}

/** A legend: colour, name, latest value. */
export function legend(series, format) {
  const div = document.createElement('div');
  div.className = 'legend';
  series.forEach((sr, i) => {
    const item = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = sr.color || PALETTE[i % PALETTE.length];
    const last = sr.values.length ? sr.values[sr.values.length - 1] : null;
    item.append(swatch, `${sr.name}: ${format(last)}`);
    item.dataset.name = sr.name;
    div.append(item);
  });
  return div;
}
