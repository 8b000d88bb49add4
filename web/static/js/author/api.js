// The author page's HTTP calls. The lesson travels as JSON over HTTP (a lesson
// may be larger than a WebSocket message may be); answers are JSON too.

async function post(url, body) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  let data = {};
  try {
    data = await r.json();
  } catch {
    data = { error: 'internal', message: `HTTP ${r.status}` };
  }
  return { status: r.status, data };
}

export const validate = (source) => post('/api/lessons/validate', { source });

export const preview = (source, replaces) => post('/api/lessons/preview', { source, replaces: replaces || null });

export async function lessonSource(id) {
  const r = await fetch(`/api/lessons/${encodeURIComponent(id)}/source`);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.text();
}
