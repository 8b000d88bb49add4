// The teach page: "Start a class" creates a room for the lesson and opens its
// instructor panel (the key travels in the address's fragment).

import { call } from './api.js';

const lang = document.body.dataset.lang;
const error = document.querySelector('[data-testid="teach-error"]');

// Opened from a lesson's player (?lesson=ID): that lesson's start button, in view and focused.
const wanted = new URLSearchParams(location.search).get('lesson');
const chosen = wanted && document.getElementById('teach-' + wanted);
if (chosen) {
  chosen.classList.add('chosen');
  chosen.scrollIntoView({ block: 'center' });
  chosen.querySelector('button[data-start]').focus();
}

document.querySelector('[data-testid="teach-lessons"]').addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-start]');
  if (!b) return;
  b.disabled = true;
  try {
    const room = await call('POST', '/api/rooms', { body: { lesson: b.dataset.start } });
    const u = new URL(room.instructorUrl);
    u.searchParams.set('lang', lang);
    location.assign(u.pathname + u.search + u.hash);
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
    b.disabled = false;
  }
});
