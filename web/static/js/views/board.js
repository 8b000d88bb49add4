// The scheduler board: the global run queue; each P with its status, runnext
// slot and local run queue (a few slots, the rest as "+n"); each M as a thread
// box that sits on its P, or in the lane of threads without one (in a system
// call, parked, spinning); sysmon, the netpoller and the timers; channels with
// their buffers and wait queues; every other waiting goroutine by reason.
//
// Goroutines, Ps and Ms are keyed by id, so a frame that moves one makes it
// travel: a stolen goroutine flies from one P to the other, an M that enters a
// system call drops to the syscall lane while its P waits (dashed), and the M
// that sysmon's handoff starts rises onto the P. Only what changed is touched,
// so a board of a thousand goroutines animates as cheaply as one of four.

import { t, tOr } from '../i18n.js';
import { time } from '../text.js';
import { layers, focusedPaths, duration, gShape, arcTween, clip, changed, sized, setText } from './shared.js';

const R = 12;
const PITCH = 29;
const WIDE_PITCH = 35;
const COL_W = 214;
const CARD_H = 150;
const M_W = 118;
const M_H = 30;
const VIS_RUNQ = 5;
const VIS_GROUP = 7;
const PAD = 10;

const memory = new WeakMap();

export function renderBoard(svgEl, vm, opts) {
  const s = vm.go;
  if (!s || !s.p) return;
  const mem = memory.get(svgEl) ?? { places: new Map() };
  memory.set(svgEl, mem);
  const perRow = perRowFor(svgEl, s, opts);
  const L = layoutBoard(s, opts.lang, { perRow, labelSize: opts.big ? 15 : 11, narrow: !!opts.narrow });
  if (svgEl.dataset.perRow !== String(perRow)) svgEl.dataset.perRow = String(perRow);
  const lit = focusedPaths(opts.focus, L.paths, opts.focusPrefix || '', L.alias);
  const svg = d3.select(svgEl);
  // an exited process: the board greys, and no thread is shown as running
  const exited = !!s.process?.exited;
  if (svgEl.classList.contains('exited') !== exited) svg.classed('exited', exited);
  sized(svg, L.width, L.height);
  const dur = duration(opts);
  const lay = layers(svg, ['panels', 'ps', 'links', 'slots', 'texts', 'ms', 'gs']);
  const flash = actors(vm.events, s);
  const tick = `flash-${(vm.frame?.step ?? 0) % 2}`;

  drawPanels(lay.panels, L.panels, lit, flash, tick);
  drawLinks(lay.links, L.links, dur);
  drawSlots(lay.slots, L.slots, lit);
  drawPs(lay.ps, L.ps, lit, flash, tick);
  drawMs(lay.ms, L.ms, lit, flash, tick, dur);
  drawGs(lay.gs, L.gs, lit, dur, mem.places, L.places, newborn(vm.events, L));
  drawTexts(lay.texts, L.texts);
  mem.places = L.places;
}

/** The Ps, Ms and panels the shown events touch (the server says which): they flash once. */
function actors(events, s) {
  const ps = new Set();
  const ms = new Set();
  const panels = new Set();
  for (const e of events || []) {
    for (const x of e.touch || []) {
      if (/^P\d+$/.test(x)) ps.add(x.slice(1));
      else if (/^M\d+$/.test(x)) ms.add(x.slice(1));
      else panels.add(x);
    }
  }
  if (s.sched?.stw) panels.add('global');
  return { ps, ms, panels };
}

/** Goroutines the shown events created: they grow out of the M that ran newproc. */
function newborn(events, L) {
  const born = new Map();
  for (const e of events || []) {
    if ((e.touch || []).includes('born') && e.g != null && e.m != null) {
      const m = L.ms.find((x) => x.id === String(e.m));
      if (m) born.set(String(e.g), { x: m.x + M_W - 10, y: m.y + M_H / 2 });
    }
  }
  return born;
}

// ---------------------------------------------------------------- layout

/** Where everything goes for one snapshot: a pure function of it. */
/**
 * How many Ps stand in a row: the choice that draws the board largest in the
 * room its pane has (beside the interpreter, or on a projector, two to a row so
 * the type stays large). Chosen once per pane size and lesson, so the board does
 * not rearrange itself as the run goes on.
 */
function perRowFor(svgEl, s, opts) {
  const nP = Number(s.sched.gomaxprocs) || Object.keys(s.p).length;
  if (opts.compact || opts.narrow) return Math.min(nP, 2);
  const box = opts.box;
  const key = `${nP}|${box ? `${Math.round(box.width)}x${Math.round(box.height)}` : ''}|${opts.lang}`;
  const mem = memory.get(svgEl);
  if (mem?.perRowKey === key) return mem.perRow;
  let best = nP <= 4 ? nP : nP <= 8 ? 4 : 8;
  if (box && box.width > 0 && box.height > 0) {
    let bestScale = 0;
    for (const n of [...new Set([best, 4, 3, 2, 1].filter((k) => k <= nP))]) {
      const L = layoutBoard(s, opts.lang, { perRow: n });
      const scale = Math.min(box.width / L.width, box.height / L.height);
      if (scale > bestScale * 1.04) {
        bestScale = scale;
        best = n;
      }
    }
  }
  if (mem) {
    mem.perRowKey = key;
    mem.perRow = best;
  }
  return best;
}

/**
 * The board's natural size for each way of arranging its Ps (how many stand in
 * a row), for the player to choose the room it gives the board: the board
 * then picks, in the room it gets, the arrangement that draws it largest.
 */
export function boardShapes(s, lang) {
  if (!s || !s.p) return [];
  const nP = Number(s.sched.gomaxprocs) || Object.keys(s.p).length;
  return [...new Set([1, 2, 3, 4, nP <= 8 ? nP : 8].filter((k) => k <= nP))].map((n) => {
    const L = layoutBoard(s, lang, { perRow: n });
    return { perRow: n, width: L.width, height: L.height };
  });
}

/**
 * Where everything goes for one snapshot: a pure function of it. `narrow` (a
 * phone): the Ps at most two to a row with sysmon, the netpoller and the timers
 * under them, and lanes that wrap, so the board is about 450 wide and fits a
 * phone's width without shrinking its type much.
 */
export function layoutBoard(s, lang, { perRow: wanted, labelSize = 11, minWidth = 0, narrow = false } = {}) {
  const L = { panels: [], slots: [], ps: [], ms: [], gs: [], links: [], texts: [], places: new Map(), paths: [], alias: {}, labelSize, need: 0, narrow };
  const nP = Number(s.sched.gomaxprocs) || Object.keys(s.p).length;
  const perRow = Math.max(1, Math.min(nP, narrow ? 2 : 8, wanted ?? (nP <= 4 ? nP : nP <= 8 ? 4 : 8)));
  const rows = Math.ceil(nP / perRow);
  const gridW = perRow * COL_W;
  const width = narrow ? Math.max(PAD * 2 + 2 * COL_W - 10, minWidth) : Math.max(660, PAD * 2 + gridW + 10 + 250, minWidth);
  const sideW = narrow ? width - PAD * 2 : width - PAD * 2 - gridW - 10;
  const sideX = narrow ? PAD : PAD + gridW + 10;
  const place = new Map(); // gid -> {x, y, where, hidden?, note?}
  const put = (g, pos) => {
    if (g != null && !place.has(String(g))) place.set(String(g), pos);
  };

  let y = PAD;
  y = globalQueue(L, s, lang, width, y, put);
  const top = y;
  const mPlace = new Map(); // mid -> {x, y}
  for (const [id, p] of Object.entries(s.p)) {
    const i = Number(id);
    const x = PAD + (i % perRow) * COL_W;
    const cy = top + Math.floor(i / perRow) * CARD_H;
    pCard(L, s, lang, id, p, x, cy, put, mPlace);
  }
  const gridBottom = top + rows * CARD_H;
  const sideBottom = sideColumn(L, s, lang, sideX, narrow ? gridBottom : top, sideW, put, mPlace);
  y = Math.max(gridBottom, sideBottom) + 6;
  y = threadLane(L, s, lang, width, y, put, mPlace);
  y = channels(L, s, lang, width, y, put);
  y = waiting(L, s, lang, width, y, place, put);
  placeMs(L, s, lang, mPlace);
  goroutines(L, s, lang, place);
  // a lane of threads or of waiting goroutines longer than the board is wide: the board widens to hold it
  if (L.need + PAD > width && !minWidth) return layoutBoard(s, lang, { perRow: wanted, labelSize, narrow, minWidth: Math.ceil(L.need + PAD) });
  L.width = width;
  L.height = y + 4;
  return L;
}

function panel(L, id, label, x, y, w, h, extra = {}) {
  L.panels.push({ id, testid: extra.testid ?? id, path: extra.path ?? null, label, x, y, w, h, cls: extra.cls ?? '' });
  if (extra.path) L.paths.push(extra.path);
}

/** A row of goroutine places from (x, y), at most `visible` shown, the rest as a "+n" chip. */
function row(L, ids, x, y, visible, where, put, chipId, extra = {}) {
  const shown = Math.min(ids.length, visible);
  const pitch = extra.pitch ?? PITCH;
  ids.forEach((g, k) => {
    if (k < visible) put(g, { x: x + k * pitch, y, where, note: extra.note?.(g) });
    else put(g, { x: x + visible * pitch + 6, y, where, hidden: true });
  });
  if (ids.length > visible) {
    L.slots.push({ id: chipId, testid: chipId, x: x + visible * pitch + 10, y, w: 40, kind: 'more', text: `+${ids.length - visible}` });
  }
  return x + (shown + (ids.length > visible ? 2 : 0)) * pitch;
}

/** A lane's pitch: wider when a goroutine in it has a four-digit id (its shape is wider), so neighbours keep apart. */
function lanePitch(ids) {
  return ids.some((g) => String(g).length > 3) ? WIDE_PITCH : PITCH;
}

function globalQueue(L, s, lang, width, y, put) {
  const q = s.sched.runq || [];
  const h = 56;
  panel(L, 'global', `${t(lang, 'global')} · ${q.length}`, PAD, y, width - PAD * 2, h, { testid: 'global-runq', path: 'sched.runq' });
  const visible = Math.max(4, Math.floor((width - PAD * 2 - 90) / PITCH));
  const x0 = PAD + 24;
  for (let k = 0; k < Math.max(1, Math.min(q.length, visible)); k++) {
    L.slots.push({ id: `gq-${k}`, x: x0 + k * PITCH, y: y + 36, w: PITCH - 3, kind: 'runq' });
  }
  row(L, q, x0, y + 36, visible, 'global', put, 'global-more');
  return y + h + 6;
}

function pCard(L, s, lang, id, p, x, y, put, mPlace) {
  const w = COL_W - 10;
  const py = y + 42;
  const gcw = workerOn(s, id);
  const rx = x + w - 22; // the runnext slot, at the card's right edge
  const sub = gcw ? `${p.status} · GC ${t(lang, `mode_${gcw.mode}`)}` : `${p.status} · tick ${p.schedtick}`;
  // the status line ends before the runnext slot; longer (projector type, a GC worker's mode) it is condensed to fit
  const room = rx - PITCH / 2 - 6 - (x + 10);
  const fit = textWidth(sub, L.labelSize) > room ? room : null;
  L.ps.push({ id, x, y: py, w, h: 44, status: p.status, label: `P${id}`, sub, fit, path: `p.${id}`, gc: !!gcw });
  L.paths.push(`p.${id}`, `p.${id}.runq`, `p.${id}.runnext`);
  L.alias[`p.${id}.timers`] = 'timers';
  // the M lane above the P: the bound M sits here (placed with the other Ms)
  L.slots.push({ id: `mlane-${id}`, x: x + 2 + M_W / 2 + 2, y: y + 4 + M_H / 2, w: M_W + 4, h: M_H + 4, kind: 'mlane' });
  if (p.m != null) mPlace.set(String(p.m), { x: x + 4, y: y + 4, where: `P${id}` });
  else {
    // an M being started for this P (startm/newm set its nextp) rises onto it
    const starting = Object.entries(s.m).find(([mid, m]) => mid !== 'sysmon' && m.p == null && m.nextp != null && String(m.nextp) === id);
    if (starting) mPlace.set(starting[0], { x: x + 4, y: y + 4, where: `P${id}.nextp` });
  }
  // runnext
  L.slots.push({ id: `runnext-${id}`, testid: `runnext-${id}`, path: `p.${id}.runnext`, x: rx, y: py + 22, w: PITCH - 2, kind: 'runnext' });
  L.texts.push({ id: `runnext-label-${id}`, x: rx, y: py - 3, text: t(lang, 'runnext'), cls: 'tiny', anchor: 'middle' });
  put(p.runnext, { x: rx, y: py + 22, where: `P${id}.runnext` });
  // local run queue
  const qy = py + 44 + 34;
  const q = p.runq || [];
  L.texts.push({ id: `runq-label-${id}`, x: x + 6, y: qy - 19, text: `${t(lang, 'runq')} ${q.length}/${p.runqCap}`, cls: 'small' });
  const x0 = x + 6 + PITCH / 2;
  for (let k = 0; k < Math.max(1, Math.min(q.length, VIS_RUNQ)); k++) {
    L.slots.push({ id: `runq-${id}-${k}`, testid: k === 0 ? `runq-${id}` : null, path: k === 0 ? `p.${id}.runq` : null, x: x0 + k * PITCH, y: qy, w: PITCH - 3, kind: 'runq' });
  }
  row(L, q, x0, qy, VIS_RUNQ, `P${id}.runq`, put, `runq-${id}-more`);
  // timers of this P are drawn in the side column
}

function workerOn(s, pid) {
  const ws = s.gc?.workers;
  if (!ws) return null;
  for (const [gid, w] of Object.entries(ws)) {
    if (w && String(w.p) === String(pid) && w.mode) {
      const m = s.p[pid]?.m != null ? s.m[String(s.p[pid].m)] : null;
      if (m && String(m.curg) === gid) return w;
    }
  }
  return null;
}

function sideColumn(L, s, lang, x, y, w, put, mPlace) {
  // sysmon: its state and how long it sleeps now (20µs doubling to 10ms when idle)
  const sm = s.m.sysmon || {};
  panel(L, 'sysmon', 'sysmon', x, y, w, 50, { path: 'm.sysmon' });
  L.texts.push({ id: 'sysmon-state', testid: 'sysmon-state', x: x + 10, y: y + 32, text: tOr(lang, `sysmon_${sm.state}`, sm.state), cls: 'strong' });
  if (sm.state !== 'unstarted') L.texts.push({ id: 'sysmon-delay', x: x + w - 10, y: y + 16, text: `${t(lang, 'delay')} ${time(sm.delay)}`, cls: 'small', anchor: 'end' });
  const frac = sm.delay ? Math.min(1, Math.max(0, Math.log(sm.delay / 20000) / Math.log(500))) : 0;
  L.slots.push({ id: 'sysmon-gauge', x: x + w / 2 + 10, y: y + 32, w: w / 2 - 30, kind: 'gauge', frac });
  y += 56;

  // the netpoller: an M blocked in it, and the goroutines waiting for IO
  const np = s.netpoll || { waiting: [], ready: [] };
  const npIds = [...(np.waiting || []), ...(np.ready || [])];
  const npH = np.blockedM != null || npIds.length ? 82 : 44;
  panel(L, 'netpoll', `${t(lang, 'netpoll')} · ${npIds.length}`, x, y, w, npH, { path: 'netpoll' });
  if (np.blockedM != null) {
    mPlace.set(String(np.blockedM), { x: x + 8, y: y + 20, where: 'netpoll' });
    L.texts.push({ id: 'netpoll-until', x: x + 14 + M_W, y: y + 38, text: np.pollUntil != null ? `→ ${time(np.pollUntil)}` : '', cls: 'small' });
  }
  const ready = new Set(np.ready || []);
  row(L, npIds, x + 20, y + npH - 16, Math.max(3, Math.floor((w - 70) / PITCH)), 'netpoll', put, 'netpoll-more',
    { note: (g) => (ready.has(g) ? 'ready' : null) });
  y += npH + 6;

  // timers: sleeping goroutines, soonest first
  const timers = [];
  for (const p of Object.values(s.p)) for (const tm of p.timers || []) timers.push(tm);
  timers.sort((a, b) => a.when - b.when);
  const th = timers.length ? 70 : 40;
  panel(L, 'timers', `${t(lang, 'timers')} · ${timers.length}`, x, y, w, th, { path: 'timers' });
  // each timer shows when it fires, so they stand wide enough apart for the time under them
  const tp = PITCH + 22;
  const vis = Math.max(3, Math.floor((w - 70) / tp));
  const now = s.time ?? 0;
  timers.forEach((tm, k) => {
    if (k < vis) {
      // a timer past its time has not been run yet: nobody has looked (every P busy, or the M asleep in netpoll)
      const late = tm.when < now;
      put(tm.g, { x: x + 26 + k * tp, y: y + 36, where: 'timer', note: late ? t(lang, 'overdue') : null });
      if (late) L.slots.push({ id: `timer-late-${tm.g}`, testid: `timer-overdue-${tm.g}`, x: x + 26 + k * tp, y: y + 36, w: 2 * R + 10, h: 2 * R + 10, kind: 'overdue' });
      L.texts.push({ id: `timer-when-${tm.g}`, x: x + 26 + k * tp, y: y + 62, text: late ? `${t(lang, 'late')} ${time(now - tm.when)}` : time(tm.when),
        cls: late ? 'tiny late' : 'tiny', anchor: 'middle' });
    } else put(tm.g, { x: x + 26 + vis * tp, y: y + 36, where: 'timer', hidden: true });
  });
  if (timers.length > vis) L.slots.push({ id: 'timers-more', testid: 'timers-more', x: x + 26 + vis * tp, y: y + 36, w: 40, kind: 'more', text: `+${timers.length - vis}` });
  return y + th;
}

function threadLane(L, s, lang, width, y, put, mPlace) {
  const loose = Object.entries(s.m).filter(([id]) => id !== 'sysmon' && !mPlace.has(id));
  // before schedinit hands out P0, m0 runs the start on g0 without a P (runtime: {startup: true})
  const onG0 = ([, m]) => m.state === 'running' && m.p == null && m.nextp == null && !m.spinning && !m.netpoll;
  const groups = [
    ['syscall', loose.filter(([, m]) => m.state === 'syscall')],
    ['spinning', loose.filter(([, m]) => m.state !== 'syscall' && m.spinning)],
    ['parked', loose.filter((e) => e[1].state !== 'syscall' && !e[1].spinning && !onG0(e))],
  ];
  const starting = loose.filter(onG0);
  if (starting.length) groups.unshift(['g0', starting]);
  const h = loose.length ? 76 : 48;
  // on a narrow board the groups wrap onto more lines, and so do the threads inside a group
  const right = width - PAD - 10;
  const perLine = L.narrow ? Math.max(1, Math.floor((right - PAD - 16) / (M_W + 30))) : Infinity;
  const lineH = h - 24 + 6;
  const lanes = [];
  let x = PAD + 10;
  let line = 0;
  for (const [kind, ms] of groups) {
    const label = `${t(lang, `lane_${kind}`)} · ${ms.length}`;
    const across = Math.min(ms.length, perLine);
    const tall = Math.max(1, Math.ceil(ms.length / perLine));
    const gw = Math.max(textWidth(label, L.labelSize) + 24, across * (M_W + 30) + 10);
    if (L.narrow && x > PAD + 10 && x + gw > right) {
      x = PAD + 10;
      line += 1;
    }
    lanes.push({ kind, ms, label, x, line, gw, tall });
    x += gw + 8;
    line += tall - 1;
    if (tall > 1) x = right + 1; // a group of several lines ends its line
    L.need = Math.max(L.need, lanes[lanes.length - 1].x + gw);
  }
  const lines = line + 1;
  panel(L, 'threads', t(lang, 'threadsNoP'), PAD, y, width - PAD * 2, h + (lines - 1) * lineH, { testid: 'threads' });
  for (const { kind, ms, label, x: gx, line: at, gw, tall } of lanes) {
    const gy = y + at * lineH;
    L.panels.push({ id: `lane-${kind}`, testid: `lane-${kind}`, label, x: gx, y: gy + 18, w: gw, h: h - 24 + (tall - 1) * lineH, cls: `lane ${kind}${ms.length ? '' : ' empty'}` });
    ms.forEach(([id, m], k) => {
      const mx = gx + 6 + (k % perLine) * (M_W + 30);
      const my = gy + 38 + Math.floor(k / perLine) * lineH;
      mPlace.set(id, { x: mx, y: my, where: kind });
      if (m.curg != null) put(m.curg, { x: mx + M_W + 14, y: my + M_H / 2, where: `M${id}` });
    });
  }
  return y + h + (lines - 1) * lineH + 6;
}

function channels(L, s, lang, width, y, put) {
  const chans = Object.entries(s.chan || {});
  if (!chans.length) return y;
  // a narrow board gives each queue a line of its own under the channel's buffer
  const lineH = 30;
  const rowH = L.narrow ? 36 + 2 * lineH : 36;
  const h = 22 + chans.length * rowH;
  panel(L, 'chans', t(lang, 'chans'), PAD, y, width - PAD * 2, h, { testid: 'chans', path: 'chan' });
  chans.forEach(([name, c], k) => {
    const cy = y + 22 + k * rowH + 36 / 2 - 2;
    const path = `chan.${name}`;
    L.paths.push(path);
    L.slots.push({ id: `chan-${name}`, testid: `chan-${name}`, path, x: PAD + 60, y: cy, w: 96, kind: `label${c.closed ? ' closed' : ''}`, text: `${clip(name, 9)}${c.closed ? ' ✕' : ''}` });
    // the buffer: cap cells, the filled ones show their values
    const cells = Math.min(c.cap, 8);
    for (let i = 0; i < cells; i++) {
      const v = (c.buf || [])[i];
      L.slots.push({ id: `chan-${name}-buf-${i}`, x: PAD + 124 + i * 22, y: cy, w: 20, kind: v !== undefined ? 'cell full' : 'cell', text: v !== undefined ? clip(v, 3) : '' });
    }
    const bx = PAD + 124 + Math.max(1, cells) * 22;
    L.texts.push({ id: `chan-${name}-len`, x: bx + 4, y: cy + 4, text: `${(c.buf || []).length}/${c.cap}`, cls: 'small' });
    if (L.narrow) {
      [['recvq', c.recvq], ['sendq', c.sendq]].forEach(([q, ids], i) => {
        const qy = cy + (i + 1) * lineH;
        L.texts.push({ id: `chan-${name}-${q}-label`, x: PAD + 24, y: qy + 4, text: t(lang, q), cls: 'small' });
        row(L, ids || [], PAD + 100, qy, 5, `${name}.${q}`, put, `chan-${name}-${q}-more`);
      });
      return;
    }
    L.texts.push({ id: `chan-${name}-recvq-label`, x: bx + 46, y: cy + 4, text: t(lang, 'recvq'), cls: 'small' });
    const rx = row(L, c.recvq || [], bx + 110, cy, 5, `${name}.recvq`, put, `chan-${name}-recvq-more`);
    const sx = Math.max(rx + 10, bx + 300);
    L.texts.push({ id: `chan-${name}-sendq-label`, x: sx, y: cy + 4, text: t(lang, 'sendq'), cls: 'small' });
    row(L, c.sendq || [], sx + 64, cy, 5, `${name}.sendq`, put, `chan-${name}-sendq-more`);
  });
  return y + h + 6;
}

/** Waiting goroutines no queue above holds, grouped by wait reason. */
function waiting(L, s, lang, width, y, place, put) {
  const groups = new Map();
  for (const id in s.g) {
    const g = s.g[id];
    if (place.has(id) || g.status === '_Gdead' || g.status === '_Grunning') continue;
    if (g.status !== '_Gwaiting' && g.status !== '_Gpreempted') continue;
    const why = g.status === '_Gpreempted' ? 'preempted' : (g.waitreason || 'waiting');
    if (!groups.has(why)) groups.set(why, []);
    groups.get(why).push(Number(id));
  }
  if (!groups.size) return y;
  const h = 64;
  const lineH = h - 24 + 6;
  // on a narrow board the groups wrap onto more lines
  const right = width - PAD - 10;
  const boxes = [];
  let x = PAD + 10;
  let line = 0;
  for (const [why, ids] of groups) {
    const vis = Math.min(ids.length, L.narrow ? 5 : VIS_GROUP);
    const label = `${clip(why, 22)} · ${ids.length}`;
    const pitch = lanePitch(ids.slice(0, vis));
    const gw = Math.max(textWidth(label, L.labelSize) + 24, vis * pitch + (ids.length > vis ? 50 : 0) + 16);
    if (L.narrow && x > PAD + 10 && x + gw > right) {
      x = PAD + 10;
      line += 1;
    }
    boxes.push({ why, ids, vis, label, gw, x, line, pitch });
    L.need = Math.max(L.need, x + gw);
    x += gw + 8;
  }
  panel(L, 'waiting', t(lang, 'waiting'), PAD, y, width - PAD * 2, h + line * lineH, { testid: 'waiting' });
  boxes.forEach(({ why, ids, vis, label, gw, x: gx, line: at, pitch }, k) => {
    const gy = y + at * lineH;
    L.panels.push({ id: `wait-${why}`, testid: `wait-${k}`, label, x: gx, y: gy + 18, w: gw, h: h - 24, cls: 'lane' });
    row(L, ids, gx + 20, gy + 48, vis, 'waiting', put, `wait-${k}-more`, { pitch });
  });
  return y + h + line * lineH + 6;
}

function placeMs(L, s, lang, mPlace) {
  for (const [id, m] of Object.entries(s.m)) {
    if (id === 'sysmon') continue;
    const at = mPlace.get(id);
    if (!at) continue;
    const holdsOld = m.oldp != null && s.p[m.oldp]?.status === '_Psyscall';
    const sub = s.process?.exited ? t(lang, 'exitedShort') : m.state === 'syscall' ? `${m.incgo ? 'cgo' : t(lang, 'syscall')}${holdsOld ? ` · P${m.oldp}` : ''}`
      : m.netpoll ? t(lang, 'netpollBlocked')
        : m.spinning && m.nextp == null ? t(lang, 'spinning')
            : m.p == null && m.nextp != null ? `${t(lang, 'starting')} → P${m.nextp}`
              : m.state === 'idle' ? t(lang, 'parked') : (m.op ?? t(lang, 'running'));
    L.ms.push({ id, x: at.x, y: at.y, state: s.process?.exited ? 'exited' : m.state, spinning: !!m.spinning, netpoll: !!m.netpoll, label: `M${id}`, sub, where: at.where, path: `m.${id}` });
    L.paths.push(`m.${id}`);
    // the goroutine on the M, and one it holds in its hand (taken off a queue, not yet running)
    if (m.curg != null && !L.places.has(String(m.curg))) {
      L.places.set(String(m.curg), { x: at.x + M_W + 14, y: at.y + M_H / 2, where: `M${id}` });
    }
    if (m.hand != null && !L.places.has(String(m.hand))) {
      L.places.set(String(m.hand), { x: at.x + M_W - 12, y: at.y - 10, where: `M${id}.hand` });
    }
    // a P left in _Psyscall still belongs to the M in the system call: a dashed line joins them
    if (m.state === 'syscall' && m.oldp != null && s.p[m.oldp]?.status === '_Psyscall') {
      const p = L.ps.find((q) => q.id === String(m.oldp));
      if (p) L.links.push({ id: `oldp-${id}`, x1: p.x + 30, y1: p.y + 44, x2: at.x + M_W / 2, y2: at.y, cls: 'oldp' });
    }
  }
}

function goroutines(L, s, lang, place) {
  const assist = new Set((s.gc?.assistQueue || []).map(String));
  const workers = s.gc?.workers || {};
  // the M's places (curg, hand) come first: a goroutine is where its M says it is
  for (const [id, pos] of place) if (!L.places.has(id)) L.places.set(id, pos);
  // only goroutines with a visible place are drawn: walk the places (a few dozen shown of a thousand), not
  // every goroutine, in the order of their ids as before
  const shown = [];
  for (const [id, pos] of L.places) if (!pos.hidden) shown.push(id);
  shown.sort((a, b) => Number(a) - Number(b));
  for (const id of shown) {
    const g = s.g[id];
    if (!g || g.status === '_Gdead') continue;
    const pos = L.places.get(id);
    const badges = [];
    if (assist.has(id)) badges.push('assist-wait');
    else if (g.status === '_Grunning' && g.assistBytes < 0 && s.gc?.phase === '_GCmark') badges.push('assist');
    if (g.preempt) badges.push('preempt');
    const w = workers[id];
    // assist debt (negative) or credit, while the collector marks: a bar under the goroutine
    const owed = s.gc?.phase && s.gc.phase !== '_GCoff' && g.assistBytes ? g.assistBytes : 0;
    L.gs.push({
      owed,
      id,
      label: id,
      fit: idFit(id, L.labelSize),
      status: g.status,
      system: !!g.system,
      x: pos.x,
      y: pos.y,
      where: pos.where,
      badges,
      path: `g.${id}`,
      title: `G${id} ${g.fn ?? ''} · ${g.status}${g.waitreason ? ` (${g.waitreason})` : ''}${g.op ? ` · ${g.op}` : ''}`
        + `${w?.mode ? ` · ${w.mode}` : ''}${pos.note ? ` · ${pos.note}` : ''}${badges.length ? ` · ${badges.map((b) => t(lang, b)).join(', ')}` : ''}`
        + `${owed ? ` · ${t(lang, owed < 0 ? 'assistDebt' : 'assistCreditOne')} ${bytesShort(Math.abs(owed))}` : ''}`,
    });
    L.paths.push(`g.${id}`);
  }
}

/** A bar's width for an assist debt or credit: a few bytes show, a megabyte is about twice a goroutine wide. */
function debtWidth(owed) {
  return owed ? Math.min(2 * R + 20, 6 + 4 * Math.log2(1 + Math.abs(owed) / 1024)) : 0;
}

function bytesShort(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;
}

/**
 * How wide a goroutine's id may be drawn, or null when it fits as it is: the
 * normal board shrinks a long id's type instead (lab.css), but projector type
 * stays large, so three or four digits are condensed to the circle's width.
 */
function idFit(label, size) {
  if (size <= 11 || label.length <= 2) return null;
  const inside = 2 * (label.length > 3 ? R + 2 : R) - 5;
  return textWidth(label, size) > inside ? inside : null;
}

/** About how wide a label is at a font size (CJK characters count double). */
function textWidth(s, size) {
  let n = 0;
  for (const ch of String(s)) n += ch.charCodeAt(0) > 0x2e80 ? 1.9 : 1;
  return n * size * 0.6;
}

// ---------------------------------------------------------------- drawing

/** A text drawn no wider than its datum's {@code fit} (condensed), or as it is when that is null. */
function fitted(text) {
  return text.attr('textLength', (d) => d.fit ?? null).attr('lengthAdjust', (d) => (d.fit ? 'spacingAndGlyphs' : null));
}

function drawPanels(layer, data, lit, flash, tick) {
  const sel = layer.selectAll('g.panel').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('rx', 7);
      g.append('text').attr('class', 'panel-label');
      return g;
    });
  changed(sel, (d) => `${d.cls}|${lit.has(d.path)}|${flash.panels.has(d.id) ? tick : ''}`, '__cls')
    .attr('class', (d) => `panel ${d.cls}${lit.has(d.path) ? ' focus' : ''}${flash.panels.has(d.id) ? ` ${tick}` : ''}`)
    .attr('data-testid', (d) => d.testid);
  changed(sel, (d) => `${d.x},${d.y},${d.w},${d.h},${d.label}`)
    .call((g) => g.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h))
    .call((g) => g.select('text').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 14).call(setText, (d) => d.label));
}

function drawLinks(layer, data, dur) {
  layer.selectAll('line.link').data(data, (d) => d.id)
    .join(
      (enter) => enter.append('line').attr('opacity', 0)
        .attr('x1', (d) => d.x1).attr('y1', (d) => d.y1).attr('x2', (d) => d.x1).attr('y2', (d) => d.y1),
      (update) => update,
      (exit) => exit.transition().duration(dur).attr('opacity', 0).remove(),
    )
    .attr('class', (d) => `link ${d.cls}`)
    .call((sel) => changed(sel, (d) => `${d.x1},${d.y1},${d.x2},${d.y2}`)
      .transition().duration(dur)
      .attr('opacity', 1)
      .attr('x1', (d) => d.x1).attr('y1', (d) => d.y1).attr('x2', (d) => d.x2).attr('y2', (d) => d.y2));
}

function drawSlots(layer, data, lit) {
  const sel = layer.selectAll('g.slot').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('rx', 5);
      g.append('rect').attr('class', 'fill').attr('rx', 3);
      g.append('text').attr('class', 'slot-label');
      return g;
    });
  changed(sel, (d) => `${d.kind}|${lit.has(d.path)}|${d.x},${d.y},${d.w},${d.h}|${d.text}|${d.frac}`)
    .attr('class', (d) => `slot ${d.kind}${lit.has(d.path) ? ' focus' : ''}`)
    .attr('data-testid', (d) => d.testid ?? null)
    .call((g) => g.select('rect')
      .attr('x', (d) => d.x - d.w / 2).attr('y', (d) => d.y - (d.h ?? 26) / 2)
      .attr('width', (d) => d.w).attr('height', (d) => (d.kind === 'gauge' ? 8 : (d.h ?? 26))))
    .call((g) => g.select('rect.fill')
      .attr('x', (d) => d.x - d.w / 2).attr('y', (d) => d.y - (d.h ?? 26) / 2)
      .attr('width', (d) => (d.kind === 'gauge' ? Math.max(2, d.w * d.frac) : 0)).attr('height', 8))
    .call((g) => g.select('text').attr('x', (d) => d.x).attr('y', (d) => d.y + 4).call(setText, (d) => d.text ?? ''));
}

function drawPs(layer, data, lit, flash, tick) {
  const sel = layer.selectAll('g.p').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('class', 'p-box').attr('rx', 8);
      g.append('text').attr('class', 'p-name');
      g.append('text').attr('class', 'p-status');
      return g;
    });
  changed(sel, (d) => `${d.status}|${d.gc}|${lit.has(d.path)}|${flash.ps.has(d.id) ? tick : ''}|${d.x},${d.y},${d.w}|${d.sub}|${d.fit}`)
    .attr('data-testid', (d) => `p-${d.id}`)
    .attr('data-status', (d) => d.status)
    .attr('class', (d) => `p ${d.status}${d.gc ? ' gcwork' : ''}${lit.has(d.path) ? ' focus' : ''}${flash.ps.has(d.id) ? ` ${tick}` : ''}`)
    .call((g) => g.select('rect.p-box').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h))
    .call((g) => g.select('text.p-name').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 19).call(setText, (d) => d.label))
    .call((g) => fitted(g.select('text.p-status').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 36).call(setText, (d) => d.sub)));
}

function drawMs(layer, data, lit, flash, tick, dur) {
  const sel = layer.selectAll('g.m').data(data, (d) => d.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('opacity', 0)
          .attr('transform', (d) => `translate(${d.x},${d.y + 24})`);
        g.append('rect').attr('class', 'm-box').attr('rx', 5).attr('width', M_W).attr('height', M_H);
        g.append('path').attr('class', 'm-thread').attr('d', `M6,${M_H - 4}h${M_W - 12}`);
        g.append('text').attr('class', 'm-name').attr('x', 7).attr('y', 13);
        g.append('text').attr('class', 'm-state').attr('x', 7).attr('y', 24);
        return g;
      },
      (update) => update,
      (exit) => exit.transition().duration(dur).attr('opacity', 0).remove(),
    );
  changed(sel, (d) => `${d.state}|${d.where}|${d.spinning}|${d.netpoll}|${lit.has(d.path)}|${flash.ms.has(d.id) ? tick : ''}|${d.sub}`, '__cls')
    .attr('data-testid', (d) => `m-${d.id}`)
    .attr('data-state', (d) => d.state)
    .attr('data-where', (d) => d.where)
    .attr('class', (d) => `m ${d.state}${d.spinning ? ' spinning' : ''}${d.netpoll ? ' netpoll' : ''}${lit.has(d.path) ? ' focus' : ''}${flash.ms.has(d.id) ? ` ${tick}` : ''}`)
    .call((g) => g.select('text.m-name').call(setText, (d) => d.label))
    .call((g) => g.select('text.m-state').call(setText, (d) => clip(d.sub, 18)));
  // an M that changes place (onto a P, into the syscall lane, parked) flies there
  sel.filter(function filter(d) {
    const pos = `${d.x},${d.y}`;
    if (this.__pos === pos) return false;
    this.__pos = pos;
    return true;
  })
    .transition().duration(dur)
    .attr('opacity', 1)
    .attrTween('transform', function tween(d) {
      return arcTween(d.x, d.y, 18).call(this);
    });
}

function drawGs(layer, data, lit, dur, prev, next, born) {
  const sel = layer.selectAll('g.g').data(data, (d) => d.id)
    .join(
      (enter) => {
        const g = enter.append('g')
          .attr('transform', (d) => {
            const from = prev.get(d.id) ?? born.get(d.id) ?? { x: d.x, y: d.y + 10 };
            return `translate(${from.x},${from.y})`;
          })
          .attr('opacity', 0);
        g.append('path').attr('class', 'g-shape');
        g.append('circle').attr('class', 'g-ring').attr('r', R + 4);
        g.append('text').attr('class', 'g-id').attr('y', 4);
        g.append('g').attr('class', 'g-badges');
        g.append('rect').attr('class', 'debt-bar').attr('y', R + 4).attr('height', 5);
        g.append('title');
        return g;
      },
      (update) => update,
      // a goroutine that leaves the board flies to where it went (a "+n" chip) and fades there
      (exit) => exit.transition().duration(dur)
        .attr('transform', (d) => {
          const to = next.get(d.id);
          return to ? `translate(${to.x},${to.y})` : `translate(${d.x},${d.y})`;
        })
        .attr('opacity', 0).remove(),
    );
  // only what changed is touched: attributes, then the moves
  const changed = sel.filter(function filter(d) {
    const sig = `${d.status}|${d.where}|${d.badges.join()}|${d.system}|${lit.has(d.path)}|${d.title}|${d.owed}|${d.fit}`;
    if (this.__sig === sig) return false;
    this.__sig = sig;
    return true;
  });
  changed
    .attr('data-testid', (d) => `g-${d.id}`)
    .attr('data-status', (d) => d.status)
    .attr('data-where', (d) => d.where)
    .attr('data-badges', (d) => d.badges.join(' ') || null)
    .attr('class', (d) => `g ${d.status}${d.system ? ' system' : ''}${lit.has(d.path) ? ' focus' : ''}`);
  changed.select('path.g-shape').attr('d', (d) => gShape(d.status, d.label.length > 3 ? R + 2 : R, d.label.length > 3));
  fitted(changed.select('text.g-id').call(setText, (d) => d.label).classed('long', (d) => d.label.length > 2));
  changed.select('title').call(setText, (d) => d.title);
  changed.select('rect.debt-bar')
    .attr('class', (d) => `debt-bar ${d.owed < 0 ? 'debt' : 'credit'}`)
    .attr('data-owed', (d) => d.owed || null)
    .attr('x', (d) => -debtWidth(d.owed) / 2)
    .attr('width', (d) => debtWidth(d.owed));
  changed.select('g.g-badges').each(function badges(d) {
    d3.select(this).selectAll('g.badge').data(d.badges, (b) => b)
      .join((enter) => {
        const b = enter.append('g').attr('class', (x) => `badge ${x}`);
        b.append('rect').attr('rx', 3).attr('width', 12).attr('height', 12);
        b.append('text').attr('x', 6).attr('y', 10);
        return b;
      })
      .attr('transform', (b, i) => `translate(${i === 0 ? 6 : -18},${-R - 8})`)
      .select('text').text((b) => (b === 'preempt' ? '!' : 'A'));
  });
  const moved = sel.filter(function filter(d) {
    const pos = `${d.x},${d.y}`;
    if (this.__pos === pos) return false;
    const from = this.__where;
    this.__pos = pos;
    this.__where = d.where;
    this.__fly = from != null && from.split('.')[0] !== d.where.split('.')[0];
    return true;
  });
  moved.transition().duration(dur)
    .attr('opacity', 1)
    .attrTween('transform', function tween(d) {
      return arcTween(d.x, d.y, this.__fly ? 46 : 0).call(this);
    });
}

function drawTexts(layer, data) {
  const sel = layer.selectAll('text').data(data, (d) => d.id).join('text');
  changed(sel, (d) => `${d.cls}|${d.x},${d.y}|${d.anchor}|${d.text}`)
    .attr('class', (d) => d.cls ?? '')
    .attr('data-testid', (d) => d.testid ?? null)
    .attr('x', (d) => d.x).attr('y', (d) => d.y)
    .attr('text-anchor', (d) => (d.anchor === 'middle' ? 'middle' : d.anchor === 'end' ? 'end' : null))
    .call(setText, (d) => d.text);
}
