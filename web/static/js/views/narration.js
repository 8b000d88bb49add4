// The narration of the script step shown, its place in the script, and the
// quiz that asks the learner to predict what the next script step will do
// before it runs. One step model: the frame says which script step's range
// holds the position (`script.index`), and whether the position is its end
// (`script.atEnd`), where the next step's quiz is asked. A forward move from
// there first asks for a prediction (moving again skips it); an answer says
// right or wrong and why, and the narration after the step recalls it.
//
// In the learner's own (forked) run the lesson's narration does not describe
// what is on the board: the page says so, from which step, and offers the way
// back. Expectation failures are the author's tool: shown only in author mode.

import { markdown, escapeHtml, firstSentences } from '../text.js';
import { t } from '../i18n.js';

const answers = new Map(); // `${lesson}:${lang}:${index}` -> chosen index (the learner's own, kept for the recap)
let nudged = null;
const expanded = new Set(); // narrations whose "more" the learner opened

export function renderNarration(root, vm, { lang, author }) {
  const lesson = vm.lesson;
  const frame = vm.frame;
  if (!lesson || !frame) return;
  const n = lesson.steps.length;
  const { index = 0, atEnd = false } = frame.script ?? {};
  const forked = frame.fork != null;
  const pos = root.querySelector('[data-testid="script-pos"]');
  const say = root.querySelector('[data-testid="say"]');
  const quiz = root.querySelector('[data-testid="quiz"]');
  const more = root.querySelector('[data-testid="more"]');
  const fork = root.querySelector('[data-testid="fork-note"]');
  const notes = root.querySelector('[data-testid="author-notes"]');
  setText(pos, forked ? t(lang, 'ownRun') : index === 0 ? t(lang, 'intro') : t(lang, 'scriptPos', index, n));
  setData(root, 'script', String(index));
  setData(root, 'forked', String(forked));

  setHidden(fork, !forked);
  if (forked) setText(fork.querySelector('[data-testid="fork-text"]'), t(lang, 'forkNote', frame.fork));

  let html;
  let rest = '';
  const key = `${lesson.id}:${lang}:${index}`;
  if (forked) {
    html = `<p class="hint">${escapeHtml(t(lang, 'forkSay'))}</p>`;
  } else if (index === 0) {
    html = `<p class="summary">${markdown(lesson.summary)}</p><p class="hint">${escapeHtml(t(lang, 'start'))}</p>`;
  } else {
    const step = lesson.steps[index - 1];
    const cut = step.more ? { head: step.say, rest: step.more } : firstSentences(step.say);
    rest = cut.rest;
    html = `<p>${markdown(cut.head)}</p>`;
    if (rest && expanded.has(key)) html += `<p class="more-text" data-testid="more-text">${markdown(rest)}</p>`;
    const q = step.quiz;
    const a = answers.get(answerKey(lesson, index - 1));
    if (q && a != null) {
      html += `<p class="recap ${a === q.answer ? 'right' : 'wrong'}" data-testid="recap">${escapeHtml(t(lang, 'predicted', q.choices[a], a === q.answer))} ${markdown(q.explain || '')}</p>`;
    }
    if (index === n && atEnd) html += `<p class="hint">${escapeHtml(t(lang, 'done'))}</p>`;
  }
  if (say.dataset.html !== html) {
    say.innerHTML = html;
    say.dataset.html = html;
  }
  setHidden(more, !rest);
  if (rest) {
    const open = expanded.has(key);
    setText(more, t(lang, open ? 'less' : 'more'));
    if (more.getAttribute('aria-expanded') !== String(open)) more.setAttribute('aria-expanded', String(open));
    more.onclick = () => {
      if (expanded.has(key)) expanded.delete(key);
      else expanded.add(key);
      say.dataset.html = '';
      renderNarration(root, vm, { lang, author });
    };
  }

  // the next script step's quiz, asked where that step starts
  const next = !forked && atEnd && index < n ? lesson.steps[index].quiz : null;
  renderQuiz(quiz, lesson, next, index, lang);

  const failures = author && !forked ? frame.failures ?? [] : [];
  setHidden(notes, failures.length === 0);
  const notesHtml = failures.length
    ? `<p><strong>${escapeHtml(t(lang, 'failures'))}</strong></p><ul>${failures.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('')}</ul>`
    : '';
  if (notes.dataset.html !== notesHtml) {
    notes.innerHTML = notesHtml;
    notes.dataset.html = notesHtml;
  }
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Writes only a change: a rewritten attribute restyles the element even when its value is the same. */
function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

function setData(node, key, value) {
  if (node.dataset[key] !== value) node.dataset[key] = value;
}

function answerKey(lesson, index) {
  return `${lesson.id}:${lesson.lang}:${index}`;
}

/**
 * True when a forward move should first ask for a prediction: the position is
 * where a script step with a quiz starts, and the learner has neither answered
 * nor been asked yet (asking once; moving again skips).
 */
export function wantsPrediction(vm) {
  const lesson = vm.lesson;
  const sc = vm.frame?.script;
  if (!lesson || !sc || !sc.atEnd || vm.frame.fork != null) return false;
  const i = sc.index;
  if (i >= lesson.steps.length || !lesson.steps[i].quiz) return false;
  const k = answerKey(lesson, i);
  if (answers.has(k) || nudged === k) return false;
  nudged = k;
  return true;
}

/** Draws attention to the quiz and puts the keyboard on its first choice. */
export function nudgeQuiz(root, lang) {
  const quiz = root.querySelector('[data-testid="quiz"]');
  if (!quiz.querySelector('.nudge-text')) return; // drawn at the next animation frame
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
    if (!el.hidden) el.hidden = true;
    if (el.dataset.for) {
      el.innerHTML = '';
      el.dataset.for = '';
      el.dataset.state = '';
    }
    return;
  }
  const lessonKey = `${lesson.id}:${index}:${lang}`;
  if (el.dataset.for === lessonKey) return;
  el.dataset.for = lessonKey;
  el.dataset.state = 'asking';
  el.hidden = false;
  el.classList.remove('nudge');
  el.innerHTML = `<p class="ask"><strong>${escapeHtml(t(lang, 'predict'))}</strong> ${markdown(q.ask)}</p>`
    + `<div class="choices" role="group" aria-label="${escapeHtml(t(lang, 'predict'))}">${q.choices.map((c, i) =>
      `<button type="button" class="choice" data-choice="${i}" data-testid="choice-${i}"><span class="key">${i + 1}</span> ${markdown(c)}</button>`).join('')}</div>`
    + '<p class="nudge-text" aria-live="polite"></p><p class="verdict" data-testid="verdict" aria-live="polite"></p>';
  el.querySelectorAll('button.choice').forEach((b) => b.addEventListener('click', () => {
    const i = Number(b.dataset.choice);
    answers.set(answerKey(lesson, index), i);
    el.classList.remove('nudge');
    el.querySelector('.nudge-text').textContent = '';
    el.querySelectorAll('button.choice').forEach((x) => {
      x.disabled = true;
      x.classList.toggle('picked', x === b);
    });
    if (document.body.dataset.classRole === 'student') {
      // in a class the instructor reveals the answer to everyone at once
      el.dataset.state = 'waiting';
      el.querySelector('.verdict').textContent = t(lang, 'answerIn');
    } else {
      showVerdict(el, q, i, lang);
    }
    el.dispatchEvent(new CustomEvent('answered', { bubbles: true, detail: { index, choice: i } }));
  }));
}

function showVerdict(el, q, i, lang) {
  el.dataset.state = 'answered';
  el.querySelectorAll('button.choice').forEach((x) => x.classList.toggle('right', Number(x.dataset.choice) === q.answer));
  el.querySelector('.verdict').innerHTML = (i == null ? '' : `<strong>${escapeHtml(i === q.answer ? t(lang, 'correct') : t(lang, 'wrong'))}</strong> `)
    + `${markdown(q.explain || '')} <span class="hint">${escapeHtml(t(lang, 'watchIt'))}</span>`;
}

/**
 * The instructor revealed the answers of the quiz of script step `index`: the
 * right choice is marked, with how many of the class chose each.
 */
export function revealQuiz(root, vm, lang, { index, counts = [] }) {
  const el = root.querySelector('[data-testid="quiz"]');
  const q = vm.lesson?.steps?.[index]?.quiz;
  if (!q || el.hidden) return;
  el.querySelectorAll('button.choice').forEach((x) => {
    x.disabled = true;
    const n = counts[Number(x.dataset.choice)];
    let c = x.querySelector('.count');
    if (n != null) {
      if (!c) {
        c = document.createElement('span');
        c.className = 'count';
        x.append(c);
      }
      c.textContent = ` · ${n}`;
    }
  });
  showVerdict(el, q, answers.get(answerKey(vm.lesson, index)) ?? null, lang);
}
