// JSON over HTTP for the classroom pages: every request is same-origin JSON,
// the instructor's key goes in Authorization, a student's token in
// X-Student-Token. A refusal becomes an Error whose message is the server's
// sentence (and .code its short code).

export async function call(method, path, { body, key, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${key}`;
  if (token) headers['X-Student-Token'] = token;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = new Error(data?.message || `HTTP ${res.status}`);
    err.code = data?.error;
    err.status = res.status;
    throw err;
  }
  return data;
}
