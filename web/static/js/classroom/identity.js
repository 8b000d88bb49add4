// A browser's identity in the classroom: a random token kept in local storage.
// No account: the server stores only a hash of it, so a student keeps the same
// identity across reloads and lessons on this browser, and nobody can guess it.

const KEY = 'goroutine-lab.student-token';

/** The browser's token, made on first use (24 random bytes, base64url). */
export function browserToken() {
  let t = null;
  try {
    t = localStorage.getItem(KEY);
  } catch {
    // storage disabled: a token for this page only
  }
  if (!t || !/^[A-Za-z0-9_-]{16,64}$/.test(t)) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    t = btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
    try {
      localStorage.setItem(KEY, t);
    } catch {
      // not kept: the next page gets a new identity
    }
  }
  return t;
}

/** The instructor's key from the address's fragment (#key=...), which never reaches a server log. */
export function keyFromFragment() {
  const m = /(?:^#|&)key=([A-Za-z0-9_-]+)/.exec(location.hash);
  return m ? m[1] : null;
}
