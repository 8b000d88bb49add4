// The lesson player: wires the socket, the store and the views together.
// The URL keeps the lesson, language and step, so a link reopens the same moment.

import { connect } from './socket.js';
import { createStore } from './store.js';
import { renderBoard } from './views/board.js';
import { renderNarration } from './views/narration.js';
import { renderLog } from './views/log.js';
import { bindControls } from './controls.js';
import { time } from './text.js';
import { t } from './i18n.js';

const body = document.body;
const lessonId = body.dataset.lesson;
let lang = body.dataset.lang || 'en';
const params = new URLSearchParams(location.search);
let resumeStep = params.has('step') ? Number(params.get('step')) : null;
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const store = createStore();
const socket = connect({
  onOpen: () => {
    socket.send({ op: 'load', lesson: lessonId, lang });
    const at = resumeStep ?? store.vm.frame?.step;
    if (at) socket.send({ op: 'seek', step: at });
    resumeStep = null;
  },
  onMessage: (msg) => store.apply(msg),
  onStatus: (s) => store.status(s),
});

const board = document.querySelector('[data-testid="board"]');
const narration = document.querySelector('[data-testid="narration"]');
const log = document.querySelector('[data-testid="events"]');
const clock = document.querySelector('[data-testid="clock"]');

store.subscribe((vm, change) => {
  if (change === 'status') {
    body.dataset.connection = vm.status;
    clock.textContent = vm.status === 'open' ? clockText(vm) : t(lang, vm.frame ? 'reconnecting' : 'connecting');
    return;
  }
  if (change === 'error') {
    clock.textContent = `⚠ ${vm.error.message}`;
    clock.classList.add('error');
    return;
  }
  clock.classList.remove('error');
  if (vm.lesson) document.querySelector('[data-testid="lesson-title"]').textContent = vm.lesson.title;
  if (change === 'frame' || change === 'lesson') {
    renderBoard(board, vm, { lang, reducedMotion });
    renderNarration(narration, vm, { lang });
    clock.textContent = clockText(vm);
    body.dataset.step = vm.frame ? vm.frame.step : '';
    keepUrl(vm);
  }
  renderLog(log, vm);
});

function clockText(vm) {
  if (!vm.frame) return '';
  const ended = vm.frame.ended ? ` · ${t(lang, 'exited')}` : '';
  return `#${vm.frame.step} · ${time(vm.frame.time)}${ended}`;
}

function keepUrl(vm) {
  const u = new URL(location.href);
  u.searchParams.set('lang', lang);
  if (vm.frame?.step) u.searchParams.set('step', vm.frame.step);
  else u.searchParams.delete('step');
  history.replaceState(null, '', u);
}

bindControls(document.querySelector('[data-testid="controls"]'), (m) => socket.send(m));

document.querySelector('[data-testid="lang-switch"]').addEventListener('click', (e) => {
  lang = lang === 'zh' ? 'en' : 'zh';
  body.dataset.lang = lang;
  document.documentElement.lang = lang;
  e.currentTarget.textContent = t(lang, 'language');
  document.querySelectorAll('button[data-action]').forEach((b) => { b.textContent = t(lang, b.dataset.action); });
  socket.send({ op: 'lang', lang });
});
