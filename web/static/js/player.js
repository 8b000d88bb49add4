// The lesson player: wires the socket, the store, the controls and the views.
// A frame arrives as scenes (one per event it sequenced, then its end): they are
// shown one after another, each event with its own movement and its row of the
// event log lit, so a chain of causes reads as a chain; S (or Esc) finishes the
// animation at once. Every view is a function of the view model, drawn once per
// animation frame. The address bar keeps the moment shown (url.js); on a
// (re)connect the page sends it back in `load`, so a shared link, a reload or a
// restarted server all reopen the same moment of the same run.

import { connect } from './socket.js';
import { createStore } from './store.js';
import { readUrl, loadMessage, keepUrl } from './url.js';
import { createControls } from './controls.js';
import { renderBoard } from './views/board.js';
import { describeBoard } from './views/board-text.js';
import { renderHeap, hasHeap } from './views/heap.js';
import { renderGcBanner } from './views/gc-banner.js';
import { renderSignals, hasSignals } from './views/signals.js';
import { renderInterpreter } from './views/interpreter.js';
import { renderTimeline } from './views/timeline.js';
import { createRealPanel } from './views/real.js';
import { renderNarration, wantsPrediction, nudgeQuiz, chooseQuiz } from './views/narration.js';
import { renderLog } from './views/log.js';
import { recordProgress } from './progress.js';
import { time } from './text.js';
import { t, applyLabels } from './i18n.js';
import { attachClass } from './class.js';

const body = document.body;
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const lessonId = body.dataset.lesson;
const url = readUrl();
let lang = url.lang ?? body.dataset.lang ?? 'en';
let projector = url.projector;
const author = url.author || body.classList.contains('author-mode');
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

const store = createStore();
const vm = store.vm;
const el = {
  board: $('board'), interp: $('interpreter'), heap: $('heap'), heapWrap: $('heap-wrap'), banner: $('gc-banner'),
  signals: $('signals'), signalsWrap: $('signals-wrap'), timeline: $('timeline'), pictures: $('pictures'),
  narration: $('narration'), log: $('events'), clock: $('clock'), live: $('live'), title: $('lesson-title'),
  langSwitch: $('lang-switch'), help: $('help'), legend: $('board-legend'), legendButton: $('legend-button'),
  boardText: $('board-text'), stage: $('stage'),
};

// the real run beside the model's timeline (collapsed until opened)
const real = createRealPanel({ lessonId, root: $('real-panel'), toggle: $('real-toggle'), getLang: () => lang });

let connects = 0;
const socket = connect({
  onOpen: () => {
    body.dataset.connects = String(++connects);
    controls.onReconnect();
    director.skip();
    socket.send(loadMessage(lessonId, lang, resumePoint(), { author }));
  },
  onMessage: (msg) => director.receive(msg),
  onStatus: (s) => store.status(s),
});

/** Where to (re)start: the last frame this page showed, else what the address says. */
function resumePoint() {
  const f = vm.frame;
  if (f) return { history: f.history, step: f.step, script: f.script?.index };
  return url;
}

// ---------------------------------------------------------------- the director: scenes in turn

const director = (() => {
  const queue = [];
  let timer = null;

  function receive(msg) {
    const scenes = store.receive(msg);
    if (!scenes.length) {
      if (msg.type === 'error') controls.onError(vm);
      return;
    }
    scenes[scenes.length - 1].endOfFrame = true;
    queue.push(...scenes);
    body.dataset.animating = 'true';
    if (controls.eventMs() === 0) skip(); // instant: the move's end at once
    else if (!timer) pump();
  }

  function pump() {
    timer = null;
    const scene = queue.shift();
    if (!scene) return;
    store.show(scene);
    if (scene.endOfFrame) frameShown();
    if (queue.length) timer = setTimeout(pump, scene.current ? controls.eventMs() : 0);
    else body.dataset.animating = 'false';
  }

  /** Shows everything queued at once: the views draw only its end. */
  function skip() {
    if (timer) clearTimeout(timer);
    timer = null;
    while (queue.length) {
      const scene = queue.shift();
      store.show(scene, { quiet: queue.length > 0 });
      if (scene.endOfFrame) frameShown();
    }
    body.dataset.animating = 'false';
  }

  return {
    receive,
    skip,
    get busy() {
      return timer != null || queue.length > 0;
    },
  };
})();

/** A frame's end is on screen: the controls go on (playing), the class hears of it. */
function frameShown() {
  controls.onFrame(vm);
  classHooks.moved();
}

/** A move the learner made: in a class, a student's own move leaves the class to explore. */
function learnerSends(m) {
  director.skip();
  classHooks.willMove();
  return socket.send(m);
}

const controls = createControls({
  root: $('controls'),
  send: learnerSends,
  getVm: () => vm,
  onForward: () => {
    director.skip(); // the gate looks at where the move ends, not at the middle of its animation
    if (wantsPrediction(vm)) {
      nudgeQuiz(el.narration, lang);
      return false;
    }
    return true;
  },
  onLang: () => switchLang(),
  onProjector: () => setProjector(!projector),
  onLegend: () => toggleLegend(),
  onSkip: () => director.skip(),
  onChoice: (i) => chooseQuiz(el.narration, i),
  help: el.help,
});

// ---------------------------------------------------------------- drawing

let scheduled = false;
let lastChange = null;
store.subscribe((model, change) => {
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
    setText(el.clock, t(lang, vm.frame ? 'reconnecting' : 'connecting'));
    return;
  }
  if (change === 'error' && vm.error) {
    // a refusal in the learner's words; the board stays as it was
    setText(el.clock, `⚠ ${vm.error.message}`);
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
  recordProgress(lessonId, vm);
  setText(el.clock, clockText());
  setData(body, 'step', String(vm.frame.step));
  setData(body, 'script', String(vm.frame.script?.index ?? 0));
  setData(body, 'forked', String(vm.frame.fork != null));
  setData(body, 'pending', String(controls.pending));
  setData(body, 'shownEvent', vm.current ? String(vm.current.step) : '');
  setData(body, 'model', vm.model);
  if (!vm.frame.sub) urlSoon();
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

// the board's pane size, for choosing how its Ps are arranged (read on resize, not every frame)
let boardBox = null;
let picturesBox = null;
const resizes = new ResizeObserver((entries) => {
  for (const e of entries) {
    const box = { width: e.contentRect.width, height: e.contentRect.height };
    if (e.target === el.board) boardBox = box;
    else picturesBox = box;
  }
  if (vm.frame) renderViews('resize');
});
resizes.observe(el.board);
resizes.observe(el.pictures);

function renderViews(change) {
  const opts = {
    // the pane fits the screen on a desktop; on a phone or a projector the pictures scroll instead
    box: projector || window.innerWidth <= 900 ? null : boardBox,
    lang,
    reducedMotion: reducedMotion.matches,
    focus: vm.focus,
    maxDuration: controls.maxDuration(),
    instant: change === 'lesson',
    focusPrefix: vm.model === 'compare' ? 'go.' : '',
    // beside the interpreter, and on a projector, the Ps wrap two to a row so the board's type stays large
    compact: vm.model === 'compare' || projector,
    big: projector,
    onSeek: (step) => {
      controls.pause();
      learnerSends({ op: 'seek', step });
    },
  };
  const compare = vm.model === 'compare';
  if (el.pictures.classList.contains('compare') !== compare) el.pictures.classList.toggle('compare', compare);
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
  // how many pictures share the stage, and each one's room: in proportion to its height at the stage's
  // width, so that stacked pictures all shrink by the same factor when they do not fit
  const shown = [compare ? null : vm.go && el.board, compare ? el.board.closest('.board-pane') : null, heap && el.heap, sig && el.signals]
    .filter(Boolean);
  if (el.pictures.dataset.count !== String(shown.length)) el.pictures.dataset.count = String(shown.length);
  arrange(shown, compare);
  el.stage.classList.toggle('exited', !!vm.frame.ended);
  renderTimeline(el.timeline, vm, opts);
  real.render(vm);
  renderNarration(el.narration, vm, { lang, author });
  renderLog(el.log, vm, opts);
  // the board in words, at the end of a move (not for each event of its animation)
  if (!vm.frame.sub) setText(el.boardText, describeBoard(vm, lang));
  controls.render(vm);
  announce(change);
}

/**
 * Gives each picture its room on a desktop: stacked, each row in proportion to the
 * picture's height at the stage's width (so all shrink by one factor when they do
 * not fit), or side by side, whichever draws the smallest of them largest.
 */
function arrange(shown, compare) {
  let rows = '';
  let cols = '';
  const box = picturesBox;
  if (!projector && window.innerWidth > 900 && box && shown.length > 1) {
    const ratios = shown.map((node) => naturalRatio(node, compare));
    const widths = shown.map((node) => naturalWidth(node));
    const stackFit = Math.min(1, box.height / (ratios.reduce((a, b) => a + b, 0) * box.width));
    const stacked = Math.min(...widths.map((w) => (box.width / w) * stackFit));
    const colW = box.width / shown.length;
    const side = Math.min(...widths.map((w, i) => Math.min(colW / w, box.height / (ratios[i] * w))));
    if (side > stacked * 1.1) cols = shown.map(() => 'minmax(0, 1fr)').join(' ');
    else rows = ratios.map((r) => `${r.toFixed(3)}fr`).join(' ');
  }
  if (el.pictures.style.gridTemplateRows !== rows) el.pictures.style.gridTemplateRows = rows;
  if (el.pictures.style.gridTemplateColumns !== cols) el.pictures.style.gridTemplateColumns = cols;
}

function naturalWidth(node) {
  const svg = node.tagName === 'svg' ? node : node.querySelector('svg');
  return svg?.viewBox?.baseVal?.width || 600;
}

/** A picture's height per unit of width, as drawn (beside the interpreter, the taller of the two boards). */
function naturalRatio(node, compare) {
  const svgs = compare && node.classList.contains('board-pane')
    ? [el.board, el.interp] : [node];
  let r = 0.2;
  for (const svg of svgs) {
    const vb = svg.viewBox?.baseVal;
    if (vb && vb.width > 0) r = Math.max(r, (vb.height + 24) / vb.width * (compare ? 2 : 1));
  }
  return r;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Writes a data attribute only when it changes (a rewrite restyles the element, here the whole page's root). */
function setData(node, key, value) {
  if (node.dataset[key] !== value) node.dataset[key] = value;
}

/** Shows or hides an element, touching it only when that changes (a change restyles what is around it). */
function show(node, on) {
  if (node.hidden === !on) return;
  node.hidden = !on;
}

/** One polite sentence per move for screen readers: what just happened. */
function announce(change) {
  const f = vm.frame;
  const evs = vm.events;
  let text;
  if (evs.length === 1) text = t(lang, 'liveStep', evs[0].step, evs[0].text);
  else if (evs.length > 1) text = t(lang, 'liveStep', f.step, t(lang, 'liveMany', evs.length, evs[evs.length - 1].text));
  else if (change === 'frame' && !f.sub && !vm.prev?.sub) text = t(lang, 'liveJump', f.step);
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
  director.skip();
  socket.send({ op: 'lang', lang });
}

function setProjector(on) {
  projector = on;

  body.classList.toggle('projector', on);
  $('projector-button').setAttribute('aria-pressed', String(on));
  el.stage.dataset.projector = String(on);
  if (vm.frame) keepUrl(vm.frame, { lang, projector });
}

function toggleLegend(on = el.legend.hidden) {
  el.legend.hidden = !on;
  el.legendButton.setAttribute('aria-pressed', String(on));
  if (on) el.legend.querySelector('[data-testid="legend-close"]')?.focus();
  else el.legendButton.focus();
}

// a class, when the address names one (?room=CODE), and an assignment's records (?assignment=ID)
const classHooks = attachClass({
  lessonId,
  vm,
  lang: () => lang,
  send: (m) => {
    director.skip();
    return socket.send(m);
  },
});
el.narration.addEventListener('answered', (e) => classHooks.answered(e.detail.index, e.detail.choice));

el.langSwitch.addEventListener('click', () => switchLang());
$('legend-close').addEventListener('click', () => toggleLegend(false));
body.dataset.lang = lang;
if (url.embed) body.classList.add('embed');
if (author) body.classList.add('author-mode');
setProjector(projector);
applyLabels(document, lang);
