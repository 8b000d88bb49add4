// The student's page of a live class (/r/CODE): follows the instructor's
// moment (narration of the script step the class is at), answers the quiz on
// this device, and can leave to explore in the player and rejoin with one
// button. The lesson player's own follow mode replaces this page's moment view.

import { joinRoom } from './room-client.js';
import { describe } from './moment.js';

const body = document.body;
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const code = body.dataset.code;
const lesson = body.dataset.lesson;
const lang = body.dataset.lang;
const statusEl = $('room-status');
const where = $('where');
const says = [...document.querySelectorAll('[data-say]')];
const quizzes = $('room-quiz');
const exploreBtn = $('explore');
const rejoinBtn = $('rejoin');
const pane = $('explore-pane');
const frame = $('explore-frame');
let position = null;
let quiz = { quiz: null, state: null };
const mine = new Map(); // quiz -> my choice

let room = null;
room = joinRoom(code, {
  onStatus: (s) => {
    body.dataset.state = s;
    showStatus();
  },
  onPosition: (p) => {
    position = p;
    body.dataset.script = String(p.script);
    body.dataset.step = String(p.step);
    drawMoment();
  },
  onQuiz: (m) => {
    quiz = m;
    if (m.mine != null) mine.set(m.quiz, m.mine);
    drawQuiz();
  },
  onAnswered: (m) => {
    mine.set(m.quiz, m.choice);
    drawQuiz();
  },
  onReveal: (m) => {
    quiz = { ...quiz, quiz: m.quiz, state: 'revealed' };
    drawQuiz(m);
  },
  onClosed: ({ reason }) => {
    if (reason === 'full') {
      location.replace(`/r/${encodeURIComponent(code)}/full?lang=${lang}`);
      return;
    }
    const ended = $('room-ended');
    ended.textContent = ended.dataset.closed;
    ended.hidden = false;
    body.dataset.state = 'ended';
  },
});

function showStatus() {
  const s = body.dataset.state;
  const following = room ? room.following : true;
  if (s === 'open') statusEl.textContent = following ? statusEl.dataset.following : statusEl.dataset.exploring;
  else if (s === 'connecting') statusEl.textContent = statusEl.dataset.connecting;
  else if (s === 'reconnecting') statusEl.textContent = statusEl.dataset.reconnecting;
  body.dataset.following = String(following);
}

function drawMoment() {
  if (!position) return;
  where.textContent = describe(where, position, says.length - 1);
  for (const li of says) li.hidden = Number(li.dataset.say) !== position.script;
}

function drawQuiz(reveal) {
  const active = quiz.quiz != null && (quiz.state === 'open' || quiz.state === 'revealed');
  quizzes.hidden = !active;
  body.dataset.activeQuiz = active ? String(quiz.quiz) : '';
  body.dataset.quizState = quiz.state || '';
  for (const div of quizzes.querySelectorAll('[data-quiz]')) {
    const i = Number(div.dataset.quiz);
    div.hidden = !active || i !== quiz.quiz;
    if (div.hidden) continue;
    const chosen = mine.get(i);
    for (const b of div.querySelectorAll('button.choice')) {
      const c = Number(b.dataset.choice);
      b.disabled = chosen != null || quiz.state !== 'open';
      b.setAttribute('aria-pressed', String(chosen === c));
      b.classList.toggle('chosen', chosen === c);
      if (reveal) {
        b.classList.toggle('right', reveal.correct === c);
        const n = div.querySelector(`[data-count="${c}"]`);
        if (n) n.textContent = String(reveal.counts[c] ?? 0);
      }
    }
    div.querySelector('[data-testid="answer-in"]').hidden = chosen == null;
    div.dataset.revealed = String(quiz.state === 'revealed');
  }
}

quizzes.addEventListener('click', (e) => {
  const b = e.target.closest('button.choice');
  if (!b || b.disabled) return;
  room.answer(Number(b.dataset.choice), quiz.quiz);
});

exploreBtn.addEventListener('click', () => {
  room.leave();
  const q = new URLSearchParams({ lang, embed: '1' });
  if (position?.step) q.set('step', String(position.step));
  if (position?.fork) q.set('h', position.fork);
  frame.src = `/lessons/${encodeURIComponent(lesson)}?${q}`;
  pane.hidden = false;
  exploreBtn.hidden = true;
  rejoinBtn.hidden = false;
  showStatus();
});

rejoinBtn.addEventListener('click', () => {
  room.rejoin();
  pane.hidden = true;
  frame.removeAttribute('src');
  exploreBtn.hidden = false;
  rejoinBtn.hidden = true;
  showStatus();
});
