// The statistics stream (server-sent events, one a second): the latest grid and statistics, and a
// short history for the charts.

export const HISTORY = 120; // samples kept: two minutes at one a second

const listeners = new Set();
export const live = { grid: null, statistics: null, history: [], connected: false, error: null };

export function onSnapshot(listener) {
  listeners.add(listener);
  if (live.grid) listener(live);
}

function notify() {
  listeners.forEach(l => {
    try { l(live); } catch (e) { console.error(e); }
  });
}

export function connect(statusElement) {
  const source = new EventSource('/api/statistics/stream?intervalMillis=1000');
  source.addEventListener('statistics', event => {
    const data = JSON.parse(event.data);
    live.grid = data.grid;
    live.statistics = data.statistics;
    live.connected = true;
    if (data.grid) {
      live.history.push({ time: Date.now(), grid: data.grid });
      if (live.history.length > HISTORY) live.history.shift();
    }
    statusElement.textContent = data.grid
      ? `live · ${data.grid.resources.length} resources · ${data.grid.activities.length} activities · ${new Date().toLocaleTimeString()}`
      : 'live · the kernel has no grid yet (OKRT not running)';
    statusElement.classList.remove('down');
    notify();
  });
  source.addEventListener('close', () => {
    statusElement.textContent = 'the kernel ended the statistics stream; reconnecting…';
    statusElement.classList.add('down');
  });
  source.onerror = () => {
    live.connected = false;
    statusElement.textContent = 'statistics stream interrupted; reconnecting…';
    statusElement.classList.add('down');
  };
  return source;
}
