// The instructor's panel of a live class (/r/CODE/teach#key=...): the code,
// the QR code and the student link to put on the projector, how many
// students follow, the current quiz with how many have answered, and, once
// revealed, the distribution of answers as a bar chart with the right one
// marked. The lesson player in instructor mode drives the moves; this panel
// asks and reveals quizzes.

import { instructorRoom } from './room-client.js';
import { keyFromFragment } from './identity.js';
import { renderTally } from './tally-chart.js';
import { describe } from './moment.js';

const body = document.body;
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const code = body.dataset.code;
const key = keyFromFragment();
const statusEl = $('room-status');
const chart = $('tally');
const scriptSteps = Number(body.dataset.steps || 0);
let quiz = { quiz: null, state: null };
let tally = null;

// the player drives the class with the same key (kept in the fragment, never sent to the server)
const drive = document.querySelector('[data-testid="drive"]');
if (drive && key) drive.href = `${drive.getAttribute('href')}#key=${encodeURIComponent(key)}`;
if (!key) {
  $('no-key').hidden = false;
  body.dataset.state = 'no-key';
} else {
  const room = instructorRoom(code, key, {
    onStatus: (s) => {
      body.dataset.state = s;
      statusEl.textContent = statusEl.dataset[s] ?? s;
    },
    onPosition: (p) => {
      $('where').textContent = describe($('where'), p, scriptSteps);
      body.dataset.script = String(p.script);
    },
    onFollowers: (n) => {
      $('followers').textContent = String(n);
      body.dataset.followers = String(n);
    },
    onQuiz: (m) => {
      quiz = m;
      tally = null;
      draw();
    },
    onTally: (m) => {
      if (m.quiz !== quiz.quiz) return;
      // a tally read just before the reveal may arrive just after it: it has the counts, not the right
      // answer, which the chart keeps marking once revealed
      tally = quiz.state === 'revealed' && tally ? { ...m, correct: tally.correct } : m;
      draw();
    },
    onReveal: (m) => {
      quiz = { ...quiz, quiz: m.quiz, state: 'revealed' };
      tally = m;
      draw();
    },
    onClosed: () => {
      statusEl.textContent = statusEl.dataset.closed;
    },
    onError: (m) => {
      statusEl.textContent = `⚠ ${m.message}`;
    },
  });
  $('open-quiz').addEventListener('click', () => room.openQuiz(Number($('quiz-select').value)));
  $('reveal').addEventListener('click', () => room.reveal());
}

function draw() {
  const active = quiz.quiz != null;
  $('no-quiz').hidden = active;
  for (const div of document.querySelectorAll('.panel-quiz')) div.hidden = Number(div.dataset.quiz) !== quiz.quiz;
  body.dataset.activeQuiz = active ? String(quiz.quiz) : '';
  body.dataset.quizState = quiz.state || '';
  $('answered').textContent = String(tally?.answered ?? 0);
  body.dataset.answered = String(tally?.answered ?? 0);
  if (active && quiz.state === 'revealed' && tally) {
    const labels = [...document.querySelectorAll(`.panel-quiz[data-quiz="${quiz.quiz}"] .choice-labels li`)].map((li) => li.textContent);
    renderTally(chart, { labels, counts: tally.counts, correct: tally.correct });
  } else {
    chart.setAttribute('hidden', '');
  }
}
