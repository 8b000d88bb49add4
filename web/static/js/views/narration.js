// The narration of the current script step, its position in the script, and
// the quiz that asks the learner to predict what the next step will do before
// it runs: Next first asks for a prediction (pressing it again skips), an
// answer reveals right or wrong and why, and after the step has played the
// narration recalls what was predicted.

import { markdown, escapeHtml } from '../text.js';
import { t } from '../i18n.js';

const answers = new Map(); // `${lesson}:${index}` -> chosen index (the learner's own, kept for the recap)
let nudged = null;

export function renderNarration(root, vm, { lang }) {
  const lesson = vm.lesson;
  const frame = vm.frame;
  if (!lesson || !frame) return;
  const n = lesson.steps.length;
  const done = frame.script; // script steps finished at this engine step
  const pos = root.querySelector('[data-testid="script-pos"]');
  const say = root.querySelector('[data-testid="say"]');
  const quiz = root.querySelector('[data-testid="quiz"]');
  pos.textContent = done === 0 ? '' : t(lang, 'scriptPos', done, n);
  let html;
  if (done === 0) {
    html = `<p class="summary">${markdown(lesson.summary)}</p><p class="hint">${t(lang, 'start')}</p>`;
  } else {
    html = markdown(lesson.steps[done - 1].say);
    const q = lesson.steps[done - 1].quiz;
    const a = answers.get(key(lesson, done - 1));
    if (q && a != null) {
      html += `<p class="recap ${a === q.answer ? 'right' : 'wrong'}" data-testid="recap">${escapeHtml(t(lang, 'predicted', q.choices[a], a === q.answer))} ${markdown(q.explain || '')}</p>`;
    }
    if (done === n) html += `<p class="hint">${t(lang, 'done')}</p>`;
  }
  if (frame.failures?.length) {
    html += `<p class="failures" role="alert">${t(lang, 'failures')}: ${frame.failures.map(escapeHtml).join('; ')}</p>`;
  }
  if (say.dataset.html !== html) {
    say.innerHTML = html;
    say.dataset.html = html;
  }
  renderQuiz(quiz, lesson, done < n ? lesson.steps[done].quiz : null, done, lang);
}

function key(lesson, index) {
  return `${lesson.id}:${lesson.lang}:${index}`;
}

/** True when Next should first ask for a prediction (once; pressing Next again skips it). */
export function wantsPrediction(vm) {
  const lesson = vm.lesson;
  const done = vm.frame?.script ?? 0;
  if (!lesson || done >= lesson.steps.length || !lesson.steps[done].quiz) return false;
  const k = key(lesson, done);
  if (answers.has(k) || nudged === k) return false;
  nudged = k;
  return true;
}

/** Draws attention to the quiz and puts the keyboard on its first choice. */
export function nudgeQuiz(root, lang) {
  const quiz = root.querySelector('[data-testid="quiz"]');
  quiz.classList.remove('nudge');
  void quiz.offsetWidth; // restart the attention animation
  quiz.classList.add('nudge');
  quiz.dataset.state = 'nudged';
  quiz.querySelector('.nudge-text').textContent = t(lang, 'predictNudge');
  quiz.querySelector('button.choice')?.focus();
}

/** Picks choice i of the open quiz (keys 1-9). */
export function chooseQuiz(root, i) {
  const b = root.querySelector(`[data-testid="quiz"]:not([hidden]) button[data-choice="${i}"]:not([disabled])`);
  b?.click();
  return !!b;
}

function renderQuiz(el, lesson, q, index, lang) {
  if (!q) {
    el.hidden = true;
    el.innerHTML = '';
    el.dataset.for = '';
    el.dataset.state = '';
    return;
  }
  const lessonKey = `${lesson.id}:${index}:${lang}`;
  if (el.dataset.for === lessonKey) return;
  el.dataset.for = lessonKey;
  el.dataset.state = 'asking';
  el.hidden = false;
  el.classList.remove('nudge');
  el.innerHTML = `<p class="ask"><strong>${t(lang, 'predict')}</strong> ${markdown(q.ask)}</p>`
    + `<div class="choices" role="group" aria-label="${escapeHtml(t(lang, 'predict'))}">${q.choices.map((c, i) =>
      `<button type="button" class="choice" data-choice="${i}" data-testid="choice-${i}"><span class="key">${i + 1}</span> ${markdown(c)}</button>`).join('')}</div>`
    + '<p class="nudge-text" aria-live="polite"></p><p class="verdict" data-testid="verdict" aria-live="polite"></p>';
  el.querySelectorAll('button.choice').forEach((b) => b.addEventListener('click', () => {
    const i = Number(b.dataset.choice);
    answers.set(key(lesson, index), i);
    el.dataset.state = 'answered';
    el.classList.remove('nudge');
    el.querySelector('.nudge-text').textContent = '';
    el.querySelectorAll('button.choice').forEach((x) => {
      x.disabled = true;
      x.classList.toggle('right', Number(x.dataset.choice) === q.answer);
      x.classList.toggle('picked', x === b);
    });
    el.querySelector('.verdict').innerHTML = `<strong>${i === q.answer ? t(lang, 'correct') : t(lang, 'wrong')}</strong> `
      + `${markdown(q.explain || '')} <span class="hint">${t(lang, 'watchIt')}</span>`;
  }));
}
