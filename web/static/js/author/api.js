// The author page's HTTP calls. The lesson travels as JSON over HTTP (a lesson
// may be larger than a WebSocket message may be); answers are JSON too.

const MAX_BODY_BYTES = 1_000_000; // the server's limit (Authoring.MAX_BODY_BYTES)

async function post(url, body) {
  const text = JSON.stringify(body);
  const size = new Blob([text]).size;
  if (size > MAX_BODY_BYTES) {
    // said here rather than sent: the server would refuse it before reading it
    return { status: 413, data: { error: 'too_large', message: `The lesson is ${size} bytes; the author page sends at most ${MAX_BODY_BYTES}.` } };
  }
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: text,
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
