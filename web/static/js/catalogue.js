// The catalogue's progress marks: each lesson the learner has started or done
// (progress.js, kept in this browser) gets a mark in words, and each chapter
// says how many of its lessons are done. Drawn again when the page comes back
// from the browser's history and when another tab changes the progress.

import { readProgress } from './progress.js';

const root = document.querySelector('[data-testid="catalogue"]');

function render() {
  const progress = readProgress();
  for (const card of root.querySelectorAll('[data-lesson]')) {
    const state = progress[card.dataset.lesson] === 'done' || progress[card.dataset.lesson] === 'started'
      ? progress[card.dataset.lesson] : 'none';
    card.dataset.progress = state;
    const mark = card.querySelector('[data-testid="progress"]');
    mark.hidden = state === 'none';
    mark.textContent = state === 'done' ? root.dataset.labelDone : state === 'started' ? root.dataset.labelStarted : '';
    mark.className = `progress progress-${state}`;
  }
  for (const chapter of root.querySelectorAll('.chapter')) {
    const cards = [...chapter.querySelectorAll('[data-lesson]')];
    const done = cards.filter((c) => c.dataset.progress === 'done').length;
    const note = chapter.querySelector('[data-testid="chapter-progress"]');
    note.textContent = done ? root.dataset.labelChapter.replace('{done}', done).replace('{total}', cards.length) : '';
    chapter.dataset.done = String(done === cards.length && cards.length > 0);
  }
  document.body.dataset.progress = 'shown';
}

render();
window.addEventListener('pageshow', render);
window.addEventListener('storage', (e) => {
  if (e.key === null || e.key === 'goroutine-lab.progress') render();
});
