// The grid view: schedulers and resources as a graph, with the observed communication paths and
// their live message and byte rates; devices under the resources that serve them; cores and their load.

import { h, s, replace, pct, rate, bytes } from '../dom.js';
import { lineChart, legend } from '../chart.js';
import { onSnapshot, live } from '../live.js';

const WIDTH = 1160, NODE_W = 176, NODE_H = 58, COLS = 5, GAP_X = 44, GAP_Y = 34;

export function gridView(section, openTarget) {
  const graph = h('div', { id: 'grid-graph-holder' });
  const cores = h('div', { class: 'cores', id: 'cores' });
  const coreChart = h('div');
  replace(section,
    h('h2', {}, 'Grid'),
    h('p', { class: 'hint' }, 'Schedulers (blue) govern resources; orange arrows are communication paths with their live message and byte rates; devices (yellow) hang under the resources that serve them. Click a node to open its scheduler.'),
    graph, h('h3', {}, 'Cores'), cores, coreChart);
  const draw = state => {
    if (section.hidden || !state.grid) return;
    replace(graph, drawGraph(state.grid, openTarget));
    replace(cores, ...state.grid.cores.map(c => h('div', { class: 'core card', 'data-core': c.core },
      h('div', {}, `core ${c.core}: `, h('b', { class: 'busy' }, pct(c.busy)), ' busy'),
      bar(c.busy),
      h('div', { class: 'hint' }, `${rate(c.totals.messages)} messages since boot`))));
    const series = state.grid.cores.map(c => ({ name: `core ${c.core}`,
      values: state.history.map(sample => (sample.grid.cores.find(x => x.core === c.core) || {}).busy * 100) }));
    replace(coreChart, lineChart({ id: 'core-chart', points: 120, yMax: 100, yUnit: '%', series, label: 'core load', width: 720, height: 180 }),
      legend(series, v => v === null || v === undefined ? '–' : v.toFixed(1) + ' %'));
  };
  onSnapshot(draw);
  return { show: () => draw(live) };
}

function bar(fraction) {
  const inner = h('div');
  inner.style.width = `${Math.min(100, Math.max(0, fraction * 100)).toFixed(1)}%`;
  return h('div', { class: 'bar' }, inner);
}

/** Lays the grid out in rows: CPU scheduler, compartments, resources (wrapping), devices. */
function drawGraph(grid, openTarget) {
  const nodes = new Map();
  const schedulerOf = new Map(grid.schedulers.map(x => [x.target, x]));
  let y = 12;
  const place = (items, kindClass) => {
    if (!items.length) return;
    const cols = Math.min(COLS, items.length);
    items.forEach((item, i) => {
      const row = Math.floor(i / COLS), col = i % COLS;
      const inRow = Math.min(cols, items.length - row * COLS);
      const rowWidth = inRow * NODE_W + (inRow - 1) * GAP_X;
      const x0 = (WIDTH - rowWidth) / 2;
      nodes.set(item.key, { ...item, kindClass, x: x0 + col * (NODE_W + GAP_X), y: y + row * (NODE_H + GAP_Y) });
    });
    y += Math.ceil(items.length / COLS) * (NODE_H + GAP_Y);
  };
  const cpu = grid.schedulers.filter(x => x.kind === 'CPU');
  const compartments = grid.schedulers.filter(x => x.kind === 'COMPARTMENT');
  const external = grid.paths.some(p => p.source === 'external');
  place([...cpu.map(x => ({ key: x.target, scheduler: x, title: x.target })),
    ...(external ? [{ key: 'external', title: 'external', external: true }] : [])], 'scheduler');
  place(compartments.map(x => ({ key: x.target, scheduler: x, title: x.target })), 'scheduler');
  place(grid.resources.map(r => ({ key: r.name, resource: r, scheduler: schedulerOf.get(r.name), title: r.name })), 'resource');
  place(grid.devices.map(d => ({ key: 'device:' + d.name, device: d, title: d.name })), 'device');
  const height = y + 4;
  const svg = s('svg', { id: 'grid-graph', class: 'graph', viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', height,
    preserveAspectRatio: 'xMidYMin meet' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#d9480f' }))));
  // scheduler tree: parent above child
  for (const n of nodes.values()) {
    const parent = n.scheduler && n.scheduler.parent ? nodes.get(n.scheduler.parent) : null;
    if (parent && parent !== n) svg.append(s('path', { class: 'tree', d: curve(bottom(parent), top(n)) }));
    if (n.device) {
      for (const r of n.device.resources) {
        const rn = nodes.get(r);
        if (rn) svg.append(s('path', { class: 'devlink', d: curve(bottom(rn), top(n)) }));
      }
    }
  }
  // communication paths
  for (const p of grid.paths) {
    const a = nodes.get(p.source), b = nodes.get(p.destination);
    if (!a || !b) continue;
    let d, labelX, labelY, anchor = 'middle';
    if (a === b) {
      // a resource that sends to itself (a TR instance's next timeslice): a loop on its right side
      const x = a.x + NODE_W, y = a.y;
      d = `M${x},${y + 14} C${x + 38},${y - 8} ${x + 38},${y + NODE_H + 8} ${x},${y + NODE_H - 14}`;
      labelX = a.x + NODE_W - 4;
      labelY = a.y + NODE_H + 13;
      anchor = 'end';
    } else {
      const [from, to] = ends(a, b);
      const mx = (from.x + to.x) / 2 + (to.y - from.y) * 0.15, my = (from.y + to.y) / 2 - (to.x - from.x) * 0.15;
      d = `M${from.x},${from.y} Q${mx},${my} ${to.x},${to.y}`;
      labelX = (from.x + 2 * mx + to.x) / 4;
      labelY = (from.y + 2 * my + to.y) / 4 - 3;
    }
    const width = 1 + Math.log10(1 + p.messagesPerSecond);
    svg.append(s('path', { class: 'path', d, 'stroke-width': width.toFixed(2),
      'marker-end': 'url(#arrow)', 'data-source': p.source, 'data-destination': p.destination,
      'data-messages-per-second': p.messagesPerSecond.toFixed(1) }, s('title', {}, `${p.source} → ${p.destination}: ${p.messages} messages, ${bytes(p.bytes)} since boot`)),
    s('text', { class: 'path-label', x: labelX, y: labelY, 'text-anchor': anchor },
      `${rate(p.messagesPerSecond)} msg/s · ${bytes(p.bytesPerSecond)}/s`));
  }
  for (const n of nodes.values()) svg.append(drawNode(n, openTarget));
  return svg;
}

function drawNode(n, openTarget) {
  let lines;
  if (n.device) {
    lines = [`${n.device.type} device`, `driver ${n.device.driver}`];
  } else if (n.external) {
    lines = ['sends from outside', 'any handler'];
  } else if (n.resource) {
    const sc = n.scheduler;
    lines = [sc ? `${sc.scheduler} · cores ${sc.cores}` : n.resource.state,
      `${rate(n.resource.messagesPerSecond)} msg/s · ${pct(n.resource.cpuFraction)} cpu`];
  } else {
    const sc = n.scheduler;
    lines = [`${sc.scheduler} · cores ${sc.cores}`, `${sc.clients.length} clients · batch ${sc.batch}`];
  }
  const classes = ['node', n.kindClass, n.resource && n.resource.state !== 'attached' ? 'detached' : ''].join(' ');
  const target = n.scheduler ? n.scheduler.target : null;
  const g = s('g', { class: classes, transform: `translate(${n.x},${n.y})`, 'data-name': n.title,
    'data-kind': n.device ? 'device' : n.resource ? 'resource' : 'scheduler',
    onclick: target ? () => openTarget(target) : undefined },
  s('rect', { width: NODE_W, height: NODE_H }),
  s('text', { class: 'name', x: 8, y: 17 }, short(n.title, 26)),
  ...lines.map((l, i) => s('text', { class: 'detail', x: 8, y: 33 + i * 14 }, short(l, 30))),
  s('title', {}, n.title));
  return g;
}

function short(text, n) {
  return text.length > n ? text.substring(0, n - 1) + '…' : text;
}

const top = n => ({ x: n.x + NODE_W / 2, y: n.y });
const bottom = n => ({ x: n.x + NODE_W / 2, y: n.y + NODE_H });

function curve(a, b) {
  const my = (a.y + b.y) / 2;
  return `M${a.x},${a.y} C${a.x},${my} ${b.x},${my} ${b.x},${b.y}`;
}

/** Where an arrow between two nodes leaves and arrives: the facing sides. */
function ends(a, b) {
  const ac = { x: a.x + NODE_W / 2, y: a.y + NODE_H / 2 }, bc = { x: b.x + NODE_W / 2, y: b.y + NODE_H / 2 };
  if (Math.abs(ac.y - bc.y) > NODE_H) {
    return ac.y < bc.y ? [bottom(a), top(b)] : [top(a), bottom(b)];
  }
  return ac.x < bc.x ? [{ x: a.x + NODE_W, y: ac.y }, { x: b.x, y: bc.y }] : [{ x: a.x, y: ac.y }, { x: b.x + NODE_W, y: bc.y }];
}

