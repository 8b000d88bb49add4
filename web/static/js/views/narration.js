// The narration of the current script step, its position in the script,
// and a quiz that asks the learner to predict before the step runs.

import { markdown } from '../text.js';
import { t } from '../i18n.js';

export function renderNarration(root, vm, { lang, onAnswer }) {
  const lesson = vm.lesson;
  const frame = vm.frame;
  if (!lesson || !frame) return;
  const n = lesson.steps.length;
  const done = frame.script; // script steps finished at this engine step
  const pos = root.querySelector('[data-testid="script-pos"]');
  const say = root.querySelector('[data-testid="say"]');
  const quiz = root.querySelector('[data-testid="quiz"]');
  pos.textContent = done === 0 ? '' : t(lang, 'scriptPos', done, n);
  if (done === 0) {
    say.innerHTML = `<p class="summary">${markdown(lesson.summary)}</p><p class="hint">${t(lang, 'start')}</p>`;
  } else {
    say.innerHTML = markdown(lesson.steps[done - 1].say) + (done === n ? `<p class="hint">${t(lang, 'done')}</p>` : '');
  }
  renderQuiz(quiz, done < n ? lesson.steps[done].quiz : null, done, lang, onAnswer);
}

function renderQuiz(el, q, index, lang, onAnswer) {
  if (!q) {
    el.hidden = true;
    el.innerHTML = '';
    el.dataset.for = '';
    return;
  }
  if (el.dataset.for === String(index)) return;
  el.dataset.for = String(index);
  el.hidden = false;
  el.innerHTML = `<p class="ask"><strong>${t(lang, 'predict')}</strong> ${markdown(q.ask)}</p>` +
    `<div class="choices" role="group">${q.choices.map((c, i) =>
      `<button type="button" class="choice" data-choice="${i}" data-testid="choice-${i}">${markdown(c)}</button>`).join('')}</div>` +
    '<p class="verdict" data-testid="verdict" aria-live="polite"></p>';
  el.querySelectorAll('button.choice').forEach((b) => b.addEventListener('click', () => {
    const i = Number(b.dataset.choice);
    el.querySelectorAll('button.choice').forEach((x) => {
      x.disabled = true;
      x.classList.toggle('right', Number(x.dataset.choice) === q.answer);
      x.classList.toggle('picked', x === b);
    });
    el.querySelector('.verdict').innerHTML = `${i === q.answer ? t(lang, 'correct') : t(lang, 'wrong')} ${markdown(q.explain || '')}`;
    onAnswer?.(i === q.answer);
  }));
}
