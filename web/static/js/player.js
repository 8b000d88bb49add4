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
import { renderBoard, boardShapes } from './views/board.js';
import { describeBoard } from './views/board-text.js';
import { renderHeap, hasHeap } from './views/heap.js';
import { renderGcBanner } from './views/gc-banner.js';
import { renderSignals, hasSignals, signalShapes } from './views/signals.js';
import { renderInterpreter } from './views/interpreter.js';
import { renderTimeline } from './views/timeline.js';
import { createRealPanel } from './views/real.js';
import { renderNarration, wantsPrediction, nudgeQuiz, chooseQuiz } from './views/narration.js';
import { renderLog } from './views/log.js';
import { recordProgress } from './progress.js';
import { time } from './text.js';
import { t, applyLabels } from './i18n.js';
import { attachClass } from './class.js';
import { writeText as setText } from './views/shared.js';

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
  setData(body, 'step', String(vm.frame.step));
  setData(body, 'script', String(vm.frame.script?.index ?? 0));
  setData(body, 'forked', String(vm.frame.fork != null));
  setData(body, 'pending', String(controls.pending));
  setData(body, 'shownEvent', vm.current ? String(vm.current.step) : '');
  setData(body, 'model', vm.model);
  if (!vm.frame.sub) urlSoon();
}

// The address follows the frames; while playing at most every two seconds (a replaceState costs the main
// thread a few milliseconds, and browsers throttle it), so a reload or a shared link is at most that far behind.
let urlTimer = null;
function urlSoon() {
  if (urlTimer) return;
  urlTimer = setTimeout(() => {
    urlTimer = null;
    if (vm.frame) keepUrl(vm.frame, { lang, projector });
  }, controls.playing ? 2000 : 0);
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

/**
 * On a desktop each picture's <svg> gets its frame's size in pixels, written
 * when the frame is resized (never in a frame of the run). Sized by percentages
 * instead, an <svg> that Chromium reaches while laying out the page (on any
 * frame that changes the clock, the log or the scrubber) counts as one whose
 * viewport may have changed, and every element in it is laid out again: with a
 * thousand goroutines that was about 600 elements and 3 to 4 ms a frame. On a
 * projector and a phone the pictures take their own height, and the <svg>s keep
 * the style sheet's sizes.
 */
const framed = () => !projector && window.innerWidth > 900;
const frameSizes = new ResizeObserver((entries) => {
  for (const e of entries) fitFrame(e.target, e.contentRect.width, e.contentRect.height);
});
const frames = [...el.pictures.querySelectorAll('.frame')];
frames.forEach((f) => frameSizes.observe(f));
let wasFramed = framed();

let signalsBox = null;
function fitFrame(frame, width, height) {
  const svg = frame.querySelector(':scope > svg');
  if (!svg) return;
  const on = framed();
  if (svg === el.signals) {
    const was = signalsBox;
    signalsBox = on && width > 0 ? { width, height } : null;
    if (vm.frame && (was?.width !== signalsBox?.width || was?.height !== signalsBox?.height)) requestAnimationFrame(() => renderViews('resize'));
  }
  const w = on ? `${Math.floor(width)}px` : '';
  const h = on ? `${Math.floor(height)}px` : '';
  if (svg.style.width !== w) svg.style.width = w;
  if (svg.style.height !== h) svg.style.height = h;
}

/** After a change of mode (projector, a narrow window) every frame is measured again. */
function refitFrames() {
  if (framed() === wasFramed) return;
  wasFramed = framed();
  frames.forEach((f) => fitFrame(f, 0, 0)); // back to the style sheet's sizes, then measured in framed mode
  if (wasFramed) requestAnimationFrame(() => frames.forEach((f) => fitFrame(f, f.clientWidth, f.clientHeight)));
}
window.addEventListener('resize', refitFrames);

/** What every view is drawn with: the room it has, the language, the motion allowed. */
function viewOptions(change) {
  return {
    // the pane fits the screen on a desktop; on a phone or a projector the pictures scroll instead
    box: projector || window.innerWidth <= 900 ? null : boardBox,
    lang,
    reducedMotion: reducedMotion.matches,
    focus: vm.focus,
    maxDuration: controls.maxDuration(),
    instant: change === 'lesson',
    focusPrefix: vm.model === 'compare' ? 'go.' : '',
    // on a projector, a tablet or a phone the Ps wrap two to a row so the board's type stays large; on a
    // desktop the board picks its arrangement for the room the player gives it
    compact: projector || window.innerWidth <= 900,
    // a phone: the board is laid out narrow (Ps two to a row, the side panels under them, lanes that wrap)
    narrow: !projector && window.innerWidth <= 600,
    // the room the signals picture has on a desktop: it wraps its paths onto two lines when that draws it larger
    signalsBox,
    big: projector,
    onSeek: (step) => {
      controls.pause();
      learnerSends({ op: 'seek', step });
    },
  };
}

function renderViews(change) {
  const opts = viewOptions(change);
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
  // width, so that stacked pictures all shrink by the same factor when they do not fit (beside the
  // interpreter, the two boards are two pictures)
  const shown = [vm.go && el.board, compare && vm.py ? el.interp : null, heap && el.heap, sig && el.signals].filter(Boolean);
  if (el.pictures.dataset.count !== String(shown.length)) el.pictures.dataset.count = String(shown.length);
  arrange(shown);
  el.stage.classList.toggle('exited', !!vm.frame.ended);
  if (vm.frame.sub && change === 'frame') wordsNextFrame(change);
  else renderWords(change, opts);
}

/**
 * The page's words around the pictures: the timeline, the narration, the event
 * log, the controls and the clock. Drawn with the pictures when a move ends or
 * the page jumps; for an event shown in its turn, one animation frame after the
 * pictures, so that the frame a step lands in does not hold both the board's
 * moves and the layout and paint of the page around it (at 16 steps a second
 * those two together passed the frame's budget). A line of the log comes a
 * sixtieth of a second after its goroutine starts to move.
 */
let wordsFrame = 0;
function wordsNextFrame(change) {
  if (wordsFrame) cancelAnimationFrame(wordsFrame);
  wordsFrame = requestAnimationFrame(() => {
    wordsFrame = 0;
    if (vm.frame && vm.status === 'open') renderWords(change, viewOptions(change));
  });
}

function renderWords(change, opts) {
  if (wordsFrame) {
    cancelAnimationFrame(wordsFrame);
    wordsFrame = 0;
  }
  renderTimeline(el.timeline, vm, opts);
  real.render(vm);
  renderNarration(el.narration, vm, { lang, author });
  renderLog(el.log, vm, opts);
  // the board in words, at the end of a move (not for each event of its animation)
  if (!vm.frame.sub) boardTextSoon();
  controls.render(vm);
  announce(change);
  setText(el.clock, clockText());
}

// The board in words is rebuilt from every goroutine (a thousand in the big lessons): while playing at
// most once a second, the last move's words written when the second is up; otherwise at once.
let boardTextTimer = null;
let boardTextAt = 0;
function boardTextSoon() {
  const write = () => {
    boardTextTimer = null;
    boardTextAt = performance.now();
    if (vm.frame) setText(el.boardText, describeBoard(vm, lang));
  };
  if (boardTextTimer) return;
  const wait = controls.playing ? 1000 - (performance.now() - boardTextAt) : 0;
  if (wait <= 0) write();
  else boardTextTimer = setTimeout(write, wait);
}

/**
 * Gives each picture its room on a desktop. Three ways are weighed: stacked
 * (each row in proportion to the picture's height at the stage's width, so all
 * shrink by one factor when they do not fit), side by side (columns in
 * proportion to the pictures' widths), and the board in a column of its own
 * with the others stacked beside it. The board may stand its Ps 1 to 4 in a
 * row, so each way is judged at the board's best shape for it; the way chosen
 * draws the smallest picture largest, the board counting half as much again
 * (it is what the narration talks about most). Worked out again only when the stage,
 * the pictures shown or their shapes change.
 */
let arranged = { key: null, layout: null };

function arrange(shown) {
  const box = picturesBox;
  let layout = { rows: '', cols: '', place: null };
  if (!projector && window.innerWidth > 900 && box && shown.length > 1) {
    const shapes = shown.map((node) => pictureShapes(node));
    const key = `${Math.round(box.width)}x${Math.round(box.height)}|${shapes.map((ss) => ss.map((x) => `${x.width}x${Math.round(x.height / 20)}`).join(',')).join('/')}`;
    if (arranged.key !== key) arranged = { key, layout: chooseLayout(shapes, box, shown[0] === el.board, shown[1] === el.interp) };
    layout = arranged.layout;
  }
  const grid = el.pictures.style;
  if (grid.gridTemplateRows !== layout.rows) grid.gridTemplateRows = layout.rows;
  if (grid.gridTemplateColumns !== layout.cols) grid.gridTemplateColumns = layout.cols;
  // where each picture stands when the layout says (the board's own column, the signals' own row)
  for (const node of [el.board, el.interp, el.heap, el.signals]) {
    const i = shown.indexOf(node);
    const at = i >= 0 && layout.place ? layout.place[i] : null;
    const item = gridItem(node);
    const row = at ? at.row : '';
    const col = at ? at.col : '';
    if (item.style.gridRow !== row) item.style.gridRow = row;
    if (item.style.gridColumn !== col) item.style.gridColumn = col;
  }
}

/** The element the grid places for a picture: its pane. */
function gridItem(node) {
  return node.closest('.board-pane, .heap-wrap, .signals-wrap') ?? node;
}

/**
 * A picture's possible natural sizes: the board's for each row length of Ps,
 * the signals' on one line and wrapped, any other picture's one. `chrome`: the
 * height its pane adds (padding, and the title a pane shows: not the board's
 * alone on a desktop).
 */
function pictureShapes(node) {
  const chrome = node === el.board && vm.model !== 'compare' ? CHROME_BARE : CHROME_TITLED;
  if (node === el.board && vm.go) {
    const shapes = boardShapesSoon(vm.go);
    if (shapes.length) return shapes.map((x) => ({ width: x.width, height: x.height, chrome }));
  }
  if (node === el.signals) return signalShapes(vm, lang).map((x) => ({ width: x.width, height: x.height, chrome }));
  const w = naturalWidth(node);
  return [{ width: w, height: naturalRatio(node) * w - 24, chrome }];
}

/** What a pane adds around its picture: across (padding and border), and down with and without a title. */
const CHROME_X = 16;
const CHROME_TITLED = 34;
const CHROME_BARE = 14;

// the board's shapes change little with what is on it (a lane, a channel, waiting goroutines): they are
// worked out again when its drawn height moves by more than a row or so
let shapesMemo = { key: null, shapes: [] };
function boardShapesSoon(s) {
  const vb = el.board.viewBox?.baseVal;
  const key = `${lang}|${s.sched?.gomaxprocs}|${vb ? Math.round(vb.height / 40) : 0}`;
  if (shapesMemo.key !== key) shapesMemo = { key, shapes: boardShapes(s, lang) };
  return shapesMemo.shapes;
}

/** The scale a picture gets in a w x h box, at its best shape (24 px for the pane's title and padding). */
function fit(shapes, w, h) {
  let best = 0;
  for (const sh of shapes) best = Math.max(best, Math.min((w - CHROME_X) / sh.width, (h - sh.chrome) / sh.height));
  return best;
}

/**
 * Pictures stacked in a w x h column, each row in proportion to its height at
 * the column's width (all shrunk by one factor when they do not fit), each
 * picture at the shape (of its few) that makes `rank` of the scales best.
 */
function stackFit(list, w, h, rank = (scales) => Math.min(...scales)) {
  let best = null;
  const inner = w - CHROME_X;
  const tryPicks = (picks) => {
    const room = h - 6 * (picks.length - 1) - picks.reduce((a, p) => a + p.chrome, 0);
    const k = Math.min(1, Math.max(0, room) / picks.reduce((a, p) => a + (inner * p.height) / p.width, 0));
    const scales = picks.map((p) => (inner / p.width) * k);
    const r = rank(scales);
    if (!best || r > best.rank * 1.02) best = { rank: r, scales, ratios: picks.map((p, i) => scales[i] * p.height + p.chrome) };
  };
  // every combination of the pictures' shapes (the board has up to five, the signals two, the rest one)
  const walk = (i, picks) => {
    if (i === list.length) tryPicks(picks);
    else for (const sh of list[i]) walk(i + 1, [...picks, sh]);
  };
  walk(0, []);
  return { scales: best.scales, ratios: best.ratios };
}

/** How much more the board's size counts than another picture's (beside the interpreter, both boards'). */
const BOARD_WEIGHT = 1.5;
const PAIR_WEIGHT = 1.25;

/**
 * The layout that draws the smallest picture largest (weighted). `pair`: the
 * first two pictures are the Go board and the interpreter of a comparison,
 * always side by side, Go on the left (the narration says so), each placed by
 * row and column.
 */
function chooseLayout(shapes, box, boardFirst, pair = false) {
  const W = box.width;
  const H = box.height;
  const n = shapes.length;
  const fr = (x) => `${x.toFixed(3)}fr`;
  // rows in proportion to these heights (flex factors summing to less than 1 would leave the rest empty)
  const frs = (xs) => {
    const sum = xs.reduce((a, b) => a + b, 0) || 1;
    return xs.map((x) => fr(x / sum)).join(' ');
  };
  const weight = (i) => (pair && i < 2 ? PAIR_WEIGHT : i === 0 && boardFirst ? BOARD_WEIGHT : 1);
  const score = (scales) => Math.min(...scales.map((x, i) => x / weight(i)));
  const span = (a, b) => ({ row: a, col: b });
  const st = stackFit(shapes, W, H, score);
  // the interpreter never goes under the Go board: the narration says "on the left" and "on the right"
  let best = pair ? { score: 0, layout: null } : { score: score(st.scales), layout: { rows: frs(st.ratios), cols: '', place: null } };
  const consider = (scales, layout) => {
    if (score(scales) > best.score * 1.05) best = { score: score(scales), layout };
  };
  // side by side, the columns in proportion to the pictures' narrowest widths
  const widths = shapes.map((ss) => Math.min(...ss.map((x) => x.width)));
  const sum = widths.reduce((a, b) => a + b, 0);
  const colW = widths.map((w) => (W - 6 * (n - 1)) * (w / sum));
  const side = { rows: pair ? 'minmax(0, 1fr)' : '', cols: colW.map((w) => `minmax(0, ${w.toFixed(0)}fr)`).join(' '),
    place: pair ? shapes.map((x, i) => span('1', `${i + 1}`)) : null };
  if (pair && !best.layout) best = { score: score(shapes.map((ss, i) => fit(ss, colW[i], H))), layout: side };
  else consider(shapes.map((ss, i) => fit(ss, colW[i], H)), side);
  if (!boardFirst || n < 3) return best.layout;
  for (let f = pair ? 0.3 : 0.4; f <= 0.761; f += 0.04) {
    const left = (W - 6) * f;
    const right = W - 6 - left;
    const cols = `minmax(0, ${f.toFixed(2)}fr) minmax(0, ${(1 - f).toFixed(2)}fr)`;
    // the board in a column of its own, the others stacked beside it
    const column = () => {
      const rest = stackFit(shapes.slice(1), right, H, (scales) => Math.min(...scales.map((x, i) => x / weight(i + 1))));
      consider([fit(shapes[0], left, H), ...rest.scales],
        { rows: frs(rest.ratios), cols, place: [span(`1 / span ${n - 1}`, '1'), ...shapes.slice(1).map((x, i) => span(`${i + 1}`, '2'))] });
    };
    // the board and the heap (or the interpreter) side by side, the last picture (the signals, short and
    // wide) across the bottom: beside the interpreter, weighed first (a tie keeps the two sides together)
    const underneath = () => {
      for (let g = pair ? 0.4 : 0.55; g <= 0.861; g += 0.05) {
        const top = (H - 6) * g;
        consider([fit(shapes[0], left, top), fit(shapes[1], right, top), fit(shapes[2], W, H - 6 - top)],
          { rows: `${fr(g)} ${fr(1 - g)}`, cols, place: [span('1', '1'), span('1', '2'), span('2', '1 / -1')] });
      }
    };
    if (pair && n === 3) underneath();
    column();
    if (!pair && n === 3) underneath();
  }
  return best.layout;
}

function naturalWidth(node) {
  const svg = node.tagName === 'svg' ? node : node.querySelector('svg');
  return svg?.viewBox?.baseVal?.width || 600;
}

/** A picture's height per unit of width, as drawn. */
function naturalRatio(node) {
  const vb = node.viewBox?.baseVal;
  return vb && vb.width > 0 ? Math.max(0.2, (vb.height + 24) / vb.width) : 0.2;
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
  refitFrames();
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
