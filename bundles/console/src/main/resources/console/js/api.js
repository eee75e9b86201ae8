// The HTTP API as the console uses it: a session (cookie + CSRF token) for edits, JSON errors as
// ApiError with the field at fault.

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field || null;
  }
}

const listeners = new Set();
export const session = { user: null, csrfToken: null };

/** Calls back with the session whenever it changes (login, logout, expiry). */
export function onSession(listener) {
  listeners.add(listener);
  listener(session);
}

function setSession(user, csrfToken) {
  session.user = user;
  session.csrfToken = csrfToken;
  listeners.forEach(l => l(session));
}

async function answer(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await response.json() : await response.text();
  if (!response.ok) {
    const message = body && body.error ? body.error : `HTTP ${response.status}`;
    if (response.status === 401 && session.user) setSession(null, null); // the session has ended
    throw new ApiError(response.status, message, body && body.field);
  }
  return body;
}

export async function get(path) {
  return answer(await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

function editHeaders(contentType) {
  const headers = { Accept: 'application/json', 'Content-Type': contentType };
  if (session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  return headers;
}

/** POST with a JSON body: an edit. */
export async function post(path, body) {
  return answer(await fetch(path, { method: 'POST', credentials: 'same-origin', headers: editHeaders('application/json'), body: JSON.stringify(body) }));
}

/** POST of a file's bytes (a bundle jar). */
export async function upload(path, file) {
  return answer(await fetch(path, { method: 'POST', credentials: 'same-origin', headers: editHeaders('application/java-archive'), body: file }));
}

export async function login(user, password) {
  const body = await answer(await fetch('/api/session', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password })
  }));
  setSession(body.user, body.csrfToken);
  return body;
}

export async function logout() {
  try {
    await answer(await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin', headers: editHeaders('application/json') }));
  } finally {
    setSession(null, null);
  }
}

/** Picks up a session that is still open (a reload keeps the cookie; the token comes again). */
export async function resume() {
  try {
    const s = await get('/api/session');
    if (s.method === 'session') setSession(s.user, s.csrfToken);
  } catch (e) {
    setSession(null, null);
  }
}
