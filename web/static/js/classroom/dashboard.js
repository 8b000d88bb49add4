// The instructor's dashboard of an assignment (/a/ID/dashboard#key=...):
// completion per lesson and per student, the first predictions at each quiz
// as bar charts with the right answer marked (which misconceptions the class
// holds), the CSV export, and deleting the assignment with its records.

import { call } from './api.js';
import { keyFromFragment } from './identity.js';
import { renderTally } from './tally-chart.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const body = document.body;
const id = body.dataset.assignment;
const lang = body.dataset.lang;
const key = keyFromFragment();

function cell(tag, text) {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

function draw(d) {
  const lessons = $('d-lessons').tBodies[0];
  lessons.replaceChildren(...d.lessons.map((l) => {
    const tr = document.createElement('tr');
    tr.dataset.lesson = l.id;
    tr.append(cell('td', l.title), cell('td', `${l.completed} / ${d.students.length}`));
    return tr;
  }));
  const head = $('d-students').tHead.rows[0];
  while (head.cells.length > 1) head.deleteCell(1);
  for (const l of d.lessons) head.append(cell('th', l.title));
  $('d-no-students').hidden = d.students.length > 0;
  $('d-students').tBodies[0].replaceChildren(...d.students.map((s, i) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = `d-student-${i}`;
    tr.setAttribute('data-testid', `d-student-${i}`);
    tr.append(cell('td', s.name));
    for (const l of d.lessons) {
      const done = s.completed.includes(l.id);
      const td = cell('td', done ? '✓' : '–');
      td.dataset.done = String(done);
      tr.append(td);
    }
    return tr;
  }));
  const quizzes = $('d-quizzes');
  quizzes.replaceChildren(...d.quizzes.map((q) => {
    const fig = document.createElement('figure');
    fig.className = 'dash-quiz';
    fig.setAttribute('data-testid', `d-quiz-${q.lesson}-${q.quiz}`);
    const title = d.lessons.find((l) => l.id === q.lesson)?.title ?? q.lesson;
    fig.append(cell('figcaption', `${title} · ${q.ask}`));
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'tally');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', q.ask);
    fig.append(svg);
    renderTally(svg, { labels: q.choices, counts: q.counts, correct: q.correct });
    return fig;
  }));
  body.dataset.loaded = 'true';
}

async function load() {
  try {
    draw(await call('GET', `/api/assignments/${id}?lang=${lang}`, { key }));
  } catch (err) {
    const e = $('d-error');
    e.textContent = err.message;
    e.hidden = false;
  }
}

$('d-csv').addEventListener('click', async () => {
  const res = await fetch(`/api/assignments/${id}/export.csv`, { headers: { Authorization: `Bearer ${key}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `assignment-${id}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

$('d-delete').addEventListener('click', async (e) => {
  const b = e.currentTarget;
  if (!confirm(b.dataset.confirm)) return;
  try {
    await call('DELETE', `/api/assignments/${id}`, { key });
    document.querySelector('main').replaceChildren(cell('p', b.dataset.done));
    body.dataset.deleted = 'true';
  } catch (err) {
    const el = $('d-error');
    el.textContent = err.message;
    el.hidden = false;
  }
});

if (!key) {
  $('d-error').hidden = false;
} else {
  load();
}
