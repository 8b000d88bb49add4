// The student's page of an assignment (/a/ID): a display name the first time
// (this browser keeps its identity), then the lessons with which are done.
// The lesson player records predictions and completions with recordPrediction
// and recordCompletion (./assignment-client.js).

import { call } from './api.js';
import { browserToken } from './identity.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const id = document.body.dataset.assignment;
const token = browserToken();
const form = $('name-form');
const error = $('a-error');

function show(me) {
  form.hidden = true;
  $('hello').hidden = false;
  $('my-name').textContent = me.name;
  const list = $('a-lessons');
  list.hidden = false;
  for (const l of me.lessons) {
    const li = list.querySelector(`[data-lesson="${CSS.escape(l.id)}"]`);
    if (!li) continue;
    li.dataset.done = String(l.completed);
    const s = li.querySelector('.status');
    s.textContent = l.completed ? s.dataset.doneLabel : s.dataset.todoLabel;
  }
  document.body.dataset.joined = 'true';
}

function fail(err) {
  error.textContent = err.message;
  error.hidden = false;
}

async function load() {
  try {
    show(await call('GET', `/api/assignments/${id}/me`, { token }));
  } catch (err) {
    if (err.code === 'not_joined') {
      form.hidden = false;
      document.body.dataset.joined = 'false';
    } else {
      fail(err);
    }
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  try {
    show(await call('POST', `/api/assignments/${id}/students`, { token, body: { name: new FormData(form).get('name') } }));
  } catch (err) {
    fail(err);
  }
});

$('rename').addEventListener('click', () => {
  form.hidden = false;
  form.querySelector('input').value = $('my-name').textContent;
  form.querySelector('input').focus();
});

load();
