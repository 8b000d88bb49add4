// Creating an assignment: title, optional class name, due date and lessons in
// catalogue order; the answer gives the students' link and the dashboard's
// (with the key in its fragment: keep it private).

import { call } from './api.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const form = $('assignment-form');
const error = $('a-error');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const data = new FormData(form);
  const body = {
    title: data.get('title'),
    className: data.get('className') || null,
    due: data.get('due'),
    lessons: data.getAll('lesson'),
  };
  try {
    const a = await call('POST', '/api/assignments', { body });
    const s = $('a-student-url');
    s.href = a.studentUrl;
    s.textContent = a.studentUrl;
    const d = $('a-dashboard-url');
    d.href = a.dashboardUrl;
    d.textContent = a.dashboardUrl;
    $('a-created').hidden = false;
    form.hidden = true;
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  }
});
