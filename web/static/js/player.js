// The lesson player: wires the socket, the store, the controls and the views.
// Every view is a function of the view model, drawn once per animation frame
// with the latest frame. The address bar keeps the lesson, step, language,
// history token and switches; on a (re)connect the page sends them back in
// `load`, so a shared link, a reload or a restarted server all reopen the same
// moment of the same run.

import { connect } from './socket.js';
import { createStore } from './store.js';
import { readUrl, loadMessage, keepUrl } from './url.js';
import { createControls } from './controls.js';
import { renderBoard } from './views/board.js';
import { renderHeap, hasHeap } from './views/heap.js';
import { renderGcBanner } from './views/gc-banner.js';
import { renderSignals, hasSignals } from './views/signals.js';
import { renderInterpreter } from './views/interpreter.js';
import { renderTimeline } from './views/timeline.js';
import { renderNarration, wantsPrediction, nudgeQuiz, chooseQuiz } from './views/narration.js';
import { renderLog } from './views/log.js';
import { time } from './text.js';
import { t, applyLabels } from './i18n.js';

const body = document.body;
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const lessonId = body.dataset.lesson;
const url = readUrl();
let lang = url.lang ?? body.dataset.lang ?? 'en';
let projector = url.projector;
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

const store = createStore();
const vm = store.vm;
const el = {
  board: $('board'), interp: $('interpreter'), heap: $('heap'), heapWrap: $('heap-wrap'), banner: $('gc-banner'),
  signals: $('signals'), signalsWrap: $('signals-wrap'), timeline: $('timeline'), boards: $('boards'),
  narration: $('narration'), log: $('events'), clock: $('clock'), live: $('live'), title: $('lesson-title'),
  langSwitch: $('lang-switch'), help: $('help'),
};

let connects = 0;
const socket = connect({
  onOpen: () => {
    body.dataset.connects = String(++connects);
    controls.onReconnect();
    socket.send(loadMessage(lessonId, lang, resumePoint()));
  },
  onMessage: (msg) => {
    store.apply(msg);
  },
  onStatus: (s) => store.status(s),
});

/** Where to (re)start: the last frame this page saw, else what the address says. */
function resumePoint() {
  const f = vm.frame;
  if (f) {
    return { history: f.history, step: f.step, asyncPreemption: f.switches?.asyncPreemption, writeBarrier: f.switches?.writeBarrier };
  }
  return url;
}

const controls = createControls({
  root: $('controls'),
  send: (m) => socket.send(m),
  getVm: () => vm,
  onNext: () => {
    if (wantsPrediction(vm)) {
      nudgeQuiz(el.narration, lang);
      return false;
    }
    return true;
  },
  onLang: () => switchLang(),
  onProjector: () => setProjector(!projector),
  onChoice: (i) => chooseQuiz(el.narration, i),
  help: el.help,
});

let scheduled = false;
let lastChange = null;
store.subscribe((model, change) => {
  if (change === 'frame') controls.onFrame(model);
  if (change === 'error') controls.onError(model);
  if (change === 'status') {
    body.dataset.connection = model.status;
    controls.render(model);
  }
  lastChange = change === 'status' && lastChange ? lastChange : change;
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(draw);
  }
});

function draw() {
  scheduled = false;
  const change = lastChange;
  lastChange = null;
  if (vm.status !== 'open') {
    el.clock.textContent = t(lang, vm.frame ? 'reconnecting' : 'connecting');
    return;
  }
  if (change === 'error' && vm.error) {
    el.clock.textContent = `⚠ ${vm.error.message}`;
    el.clock.classList.add('error');
    return;
  }
  el.clock.classList.remove('error');
  if (!vm.frame) return;
  if (vm.lesson && el.title.textContent !== vm.lesson.title) {
    el.title.textContent = vm.lesson.title;
    document.title = `${vm.lesson.title} · goroutine-lab`;
  }
  renderViews(change);
  setText(el.clock, clockText());
  body.dataset.step = String(vm.frame.step);
  body.dataset.pending = String(controls.pending);
  if (body.dataset.model !== vm.model) body.dataset.model = vm.model;
  urlSoon();
}

// The address follows the frames, at most a few times a second (browsers throttle replaceState).
let urlTimer = null;
function urlSoon() {
  if (urlTimer) return;
  urlTimer = setTimeout(() => {
    urlTimer = null;
    if (vm.frame) keepUrl(vm.frame, { lang, projector });
  }, controls.playing ? 400 : 0);
}

function renderViews(change) {
  const opts = {
    lang,
    reducedMotion: reducedMotion.matches,
    focus: vm.focus,
    maxDuration: controls.maxDuration(),
    instant: change === 'lesson',
    focusPrefix: vm.model === 'compare' ? 'go.' : '',
    compact: vm.model === 'compare',
    onSeek: (step) => {
      controls.pause();
      socket.send({ op: 'seek', step });
    },
  };
  const compare = vm.model === 'compare';
  if (el.boards.classList.contains('compare') !== compare) el.boards.classList.toggle('compare', compare);
  show(el.board.closest('.board-pane'), !!vm.go);
  show(el.interp.closest('.board-pane'), !!vm.py);
  if (vm.go) renderBoard(el.board, vm, opts);
  if (vm.py) renderInterpreter(el.interp, vm, opts);
  if (vm.go) renderGcBanner(el.banner, vm, opts);
  else show(el.banner, false);
  const heap = hasHeap(vm.go);
  show(el.heapWrap, heap);
  if (heap) renderHeap(el.heap, vm, opts);
  const sig = hasSignals(vm);
  show(el.signalsWrap, sig);
  if (sig) renderSignals(el.signals, vm, opts);
  renderTimeline(el.timeline, vm, opts);
  renderNarration(el.narration, vm, { lang });
  renderLog(el.log, vm, opts);
  controls.render(vm);
  announce(change);
}

/** Shows or hides an element, touching it only when that changes (a change restyles what is around it). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function show(node, on) {
  if (node.hidden === !on) return;
  node.hidden = !on;
}

/** One polite sentence per move for screen readers: what just happened. */
function announce(change) {
  const f = vm.frame;
  const evs = vm.events;
  let text;
  if (evs.length === 1) text = t(lang, 'liveStep', f.step, evs[0].text);
  else if (evs.length > 1) text = t(lang, 'liveStep', f.step, t(lang, 'liveMany', f.eventCount ?? evs.length, evs[evs.length - 1].text));
  else if (change === 'frame') text = t(lang, 'liveJump', f.step);
  if (text && el.live.textContent !== text) el.live.textContent = text;
}

function clockText() {
  const f = vm.frame;
  const ended = f.ended ? ` · ${t(lang, 'exited')}` : '';
  return `#${f.step} · ${time(f.time)}${ended}`;
}

function switchLang() {
  lang = lang === 'zh' ? 'en' : 'zh';
  body.dataset.lang = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyLabels(document, lang);
  socket.send({ op: 'lang', lang });
}

function setProjector(on) {
  projector = on;
  body.classList.toggle('projector', on);
  el.board.closest('.stage').dataset.projector = String(on);
  if (vm.frame) keepUrl(vm.frame, { lang, projector });
}

el.langSwitch.addEventListener('click', () => switchLang());
body.dataset.lang = lang;
if (url.embed) body.classList.add('embed');
setProjector(projector);
applyLabels(document, lang);
