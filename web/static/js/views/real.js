// The real run beside the model: the lesson's program run for real (Go 1.19,
// recorded on a named machine, docs/real-trace.md), drawn under the model's
// timeline in the same manner and colours: one lane per P with who ran
// (lesson goroutines carry the model's numbers), the system calls, the GC
// cycles and stop-the-world pauses. Time 0 is the start of the lesson's main
// in both, and by default both share one time axis (the model's timeline's),
// so one moment is one x; "whole real run" shows all of it. The goroutines
// that are not the lesson's (the runtime's own, the lab's tracing) are named.
// A click (or arrows and Enter) lists the real events near that moment beside
// the model's events near the same time, from what the page has seen.
//
// The panel is collapsed until the learner opens it (remembered in
// localStorage); it fetches the run once, when first opened. On a server
// started with --real-runs, an instructor who opened a lesson once with
// #record-key=KEY (the link the server prints) holds the key in this browser,
// sends it with each request, and gets a button that records the lesson again.

import { t } from '../i18n.js';
import { time } from '../text.js';
import { layers } from './shared.js';
import { GEOMETRY, gColor, timeScale, modelEnd, drawAxis } from './timeline.js';

const { WIDTH, GUTTER, LANE_H, AXIS_H } = GEOMETRY;
const OPEN_KEY = 'goroutine-lab.realRun';
const RECORD_KEY = 'goroutine-lab.recordKey';
const NEAR = 6;
const POLL_MS = 1500;

/** The runtime's goroutines and the lab's, by the function they start at: a short name and what they do. */
const KNOWN = {
  'runtime.forcegchelper': ['forcegchelper', 'rg_forcegc'],
  'runtime.bgsweep': ['bgsweep', 'rg_bgsweep'],
  'runtime.bgscavenge': ['bgscavenge', 'rg_bgscavenge'],
  'runtime.runfinq': ['runfinq', 'rg_runfinq'],
  'runtime.gcBgMarkWorker': ['gcBgMarkWorker', 'rg_worker'],
  'os/signal.loop': ['signal.loop', 'rg_signalloop'],
  'runtime.ensureSigM.func1': ['ensureSigM', 'rg_ensureSigM'],
  'runtime/trace.Start.func1': ['trace reader', 'rg_tracereader'],
  'main.catchFatal.func1': ['signal catcher', 'rg_catcher'],
  'time.goFunc': ['AfterFunc', 'rg_afterfunc'],
};
/** What the lab's own helpers log when they run on a runtime goroutine (a finalizer on runfinq). */
const HELPER_LABELS = { 'gc percent': 'rl_gcpercent', 'inject gc': 'rl_injectgc', 'inject go': 'rl_injectgo' };

export function createRealPanel({ lessonId, root, toggle, getLang }) {
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const el = {
    title: $('real-title'), status: $('real-status'), svg: $('real-timeline'), others: $('real-goroutines'),
    near: $('real-near'), nearAt: $('real-near-at'), nearReal: $('real-near-real'), nearModel: $('real-near-model'),
    scaleModel: $('real-scale-model'), scaleWhole: $('real-scale-whole'), record: $('real-record'),
  };
  const wrap = root.closest('.timeline-wrap');
  const state = {
    open: readOpen(), answer: null, run: null, error: null, loading: false, whole: false,
    at: null, kb: null, vm: null, sig: '', pollTimer: null,
  };

  const recordKey = takeRecordKey();
  const headers = (extra) => ({ Accept: 'application/json', ...(recordKey ? { Authorization: `Bearer ${recordKey}` } : {}), ...extra });

  function readOpen() {
    try {
      return localStorage.getItem(OPEN_KEY) === '1';
    } catch (e) {
      return false;
    }
  }

  function setOpen(on) {
    state.open = on;
    try {
      localStorage.setItem(OPEN_KEY, on ? '1' : '0');
    } catch (e) {
      // a browser that keeps nothing still opens the panel
    }
    apply();
    if (on && !state.answer && !state.loading) load();
    if (state.vm) render(state.vm);
  }

  function apply() {
    toggle.setAttribute('aria-expanded', String(state.open));
    root.hidden = !state.open;
    wrap?.classList.toggle('real-open', state.open);
  }

  async function load() {
    state.loading = true;
    state.error = null;
    redraw();
    try {
      const r = await fetch(`/api/lessons/${encodeURIComponent(lessonId)}/real`, { headers: headers() });
      const body = await r.json().catch(() => null);
      if (!body) throw new Error('not JSON');
      state.answer = body;
      state.run = r.ok ? prepare(body.run) : null;
      // the server's words are for the instructor; a learner is told in the page's own
      state.error = r.ok ? null : body.canRecord ? body.message : { key: body.error === 'no_real_run' ? 'realNone' : 'realUnavailable' };
      if (body.recording?.state === 'running') poll();
    } catch (e) {
      state.error = { key: 'realUnavailable' };
    } finally {
      state.loading = false;
      redraw();
    }
  }

  /** While the server records, ask again now and then until it is done. */
  function poll() {
    if (state.pollTimer) return;
    state.pollTimer = setTimeout(async () => {
      state.pollTimer = null;
      await load();
    }, POLL_MS);
  }

  async function recordAgain() {
    el.record.disabled = true;
    try {
      const r = await fetch(`/api/lessons/${encodeURIComponent(lessonId)}/real`, {
        method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: '{}',
      });
      const body = await r.json().catch(() => ({}));
      if (r.status === 202) {
        state.answer = { ...(state.answer || {}), recording: body.recording };
        poll();
      } else {
        state.answer = { ...(state.answer || {}), recording: { state: 'failed', message: body.message ?? t(getLang(), 'realServerSaid', r.status) } };
      }
    } catch (e) {
      state.answer = { ...(state.answer || {}), recording: { state: 'failed', message: t(getLang(), 'realNoAnswer') } };
    } finally {
      el.record.disabled = false;
      redraw();
    }
  }

  function setWhole(on) {
    state.whole = on;
    el.scaleModel.setAttribute('aria-pressed', String(!on));
    el.scaleWhole.setAttribute('aria-pressed', String(on));
    redraw();
  }

  function redraw() {
    state.sig = '';
    if (state.vm) render(state.vm);
  }

  toggle.addEventListener('click', () => setOpen(!state.open));
  el.scaleModel.addEventListener('click', () => setWhole(false));
  el.scaleWhole.addEventListener('click', () => setWhole(true));
  el.record.addEventListener('click', () => recordAgain());
  bindPointer();
  apply();

  /** Draws the panel for the page's view model (called with every redraw of the views). */
  function render(vm) {
    state.vm = vm;
    const lesson = vm.lesson;
    const hasGo = !!lesson && lesson.model !== 'cpython';
    if (toggle.hidden === hasGo) toggle.hidden = !hasGo;
    if (!hasGo) {
      if (!root.hidden) root.hidden = true;
      return;
    }
    if (!state.open) return;
    if (!state.answer && !state.loading && !state.error) {
      load();
      return;
    }
    const lang = getLang();
    const x = scale(vm);
    const now = vm.frame?.time ?? 0;
    const sig = `${lang}|${x.domain()[1]}|${state.whole}|${state.loading}|${JSON.stringify(state.error)}|${JSON.stringify(state.answer?.recording ?? null)}|${state.answer?.origin}|${state.answer?.recordedAt}`;
    if (sig !== state.sig) {
      state.sig = sig;
      drawHead(lang);
      drawRun(x, lang);
      drawOthers(lang);
    }
    drawCursor(x, now);
    if (state.at != null) drawNear(vm, lang);
  }

  function scale(vm) {
    if (state.whole && state.run) return timeScale(Math.max(state.run.end, 1000) * 1.02);
    return timeScale(modelEnd(vm));
  }

  // ---------------------------------------------------------------- the head: what was run where, and the status

  function drawHead(lang) {
    const a = state.answer;
    const run = state.run;
    const rec = a?.recording;
    el.record.hidden = !a?.canRecord;
    el.record.disabled = rec?.state === 'running';
    let status = '';
    if (state.loading && !a) status = t(lang, 'realLoading');
    else if (rec?.state === 'running') status = t(lang, 'realRecording', elapsed(rec.since));
    else if (rec?.state === 'failed') status = t(lang, 'realRecordFailed', rec.message);
    else if (state.error) status = state.error.key ? t(lang, state.error.key) : state.error;
    else if (run?.truncated) status = t(lang, 'realTruncated', run.kept, run.total);
    setText(el.status, status);
    root.dataset.state = run ? 'ready' : state.error ? 'none' : 'loading';
    root.dataset.recording = rec?.state ?? '';
    if (!run) {
      setText(el.title, '');
      return;
    }
    const r = run.recorded;
    const machine = t(lang, 'realMachine', r.os, r.arch, r.cpus, cpuName(r.cpu));
    const date = String(r.date ?? '').slice(0, 10);
    setText(el.title, t(lang, 'realTitle', String(r.goVersion ?? '').replace(/^go/, ''), machine, date));
    const notes = [];
    if (r.load1 != null) notes.push(t(lang, 'realLoad', r.load1));
    if (a.origin === 'server' && a.recordedAt) notes.push(t(lang, 'realFromServer', a.recordedAt));
    el.title.title = notes.join('; ');
  }

  // ---------------------------------------------------------------- the lanes

  function drawRun(x, lang) {
    const svg = d3.select(el.svg);
    const run = state.run;
    const lanes = run ? run.lanes : [];
    const height = AXIS_H + Math.max(1, lanes.length) * LANE_H + 6;
    svg.attr('viewBox', `0 0 ${WIDTH} ${height}`);
    el.svg.__h = height;
    const lay = layers(svg, ['lanes', 'segs', 'marks', 'axis', 'cursor', 'marker']);
    const [t0, t1] = x.domain();
    const cx = (v) => x(Math.max(t0, Math.min(t1, v)));
    const g = lay.lanes.selectAll('g.lane').data(lanes, (d) => d.id)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'lane');
        e.append('rect').attr('class', 'lane-bg');
        e.append('text').attr('class', 'lane-label');
        return e;
      })
      .attr('data-testid', (d) => `real-lane-${d.id}`)
      .attr('transform', (d, i) => `translate(0,${AXIS_H + i * LANE_H})`);
    g.select('rect.lane-bg').attr('x', GUTTER).attr('width', WIDTH - GUTTER - 8).attr('height', LANE_H - 3);
    g.select('text.lane-label').attr('x', 6).attr('y', 13).text((d) => d.label(lang));
    const data = [];
    lanes.forEach((l, i) => {
      l.segs.forEach((s, k) => {
        if (s.to < t0 || s.from > t1) return;
        data.push({ ...s, lane: l, y: AXIS_H + i * LANE_H + 1, key: `${l.id}:${k}`, k });
      });
    });
    const all = lay.segs.selectAll('g.seg').data(data, (d) => d.key)
      .join((enter) => {
        const e = enter.append('g');
        e.append('rect');
        e.append('text');
        e.append('title');
        return e;
      });
    all.attr('class', (d) => segClass(d))
      .attr('data-testid', (d) => `real-seg-${d.lane.id}-${d.k}`)
      .attr('data-g', (d) => d.g ?? null)
      .attr('data-gid', (d) => d.gid ?? null);
    all.select('rect')
      .attr('x', (d) => cx(d.from)).attr('y', (d) => d.y)
      .attr('width', (d) => Math.max(1.5, cx(d.to) - cx(d.from))).attr('height', LANE_H - 5)
      .style('fill', (d) => (d.g != null && (d.lane.kind === 'p' || d.lane.kind === 'sys') ? gColor(d.g) : null));
    all.select('text')
      .attr('x', (d) => cx(d.from) + 3).attr('y', (d) => d.y + 12)
      .text((d) => (cx(d.to) - cx(d.from) > 26 + 5 * Math.max(0, d.text(lang).length - 3) ? d.text(lang) : ''));
    all.select('title').text((d) => `${d.lane.label(lang)} · ${d.tip(lang)} · ${time(d.from)}–${time(d.to)}`);
    // the lesson's injected signals, at the times the program sent them
    const sigs = run ? run.signals.filter((s) => s.t >= t0 && s.t <= t1) : [];
    const m = lay.marks.selectAll('g.real-signal').data(sigs, (d) => `${d.t}:${d.reason}`)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'real-signal');
        e.append('path');
        e.append('title');
        return e;
      });
    m.select('path').attr('d', (d) => `M${x(d.t) - 4},${AXIS_H - 10}h8l-4,7z`);
    m.select('title').text((d) => `${t(lang, 'realSignal', d.reason)} · ${time(d.t)}`);
    lay.axis.selectAll('*').remove();
    drawAxis(lay.axis, x);
    svg.attr('aria-valuemax', Math.round(t1)).attr('data-domain-end', Math.round(t1));
    drawMarker();
  }

  function segClass(d) {
    if (d.lane.kind === 'gc') return 'seg gc _GCmark';
    if (d.lane.kind === 'stw') return 'seg stw';
    const who = d.g != null ? '' : ' system';
    return `seg g${who}${d.lane.kind === 'sys' ? ' sys' : ''}`;
  }

  /** The model's "now" on the real run's axis: where the learner is in the model. */
  function drawCursor(x, now) {
    const h = el.svg.__h ?? 40;
    const [t0, t1] = x.domain();
    const data = now >= t0 && now <= t1 ? [now] : [];
    d3.select(el.svg).select('g.layer-cursor').selectAll('line').data(data).join((enter) => enter.append('line')
      .attr('data-testid', 'real-cursor').call((l) => l.append('title')))
      .attr('x1', (d) => x(d)).attr('x2', (d) => x(d)).attr('y1', 4).attr('y2', h - 2)
      .select('title').text(t(getLang(), 'realModelNow'));
  }

  // ---------------------------------------------------------------- goroutines that are not the lesson's

  function drawOthers(lang) {
    const run = state.run;
    const others = run ? run.others : [];
    const li = d3.select(el.others).selectAll('li').data(others, (d) => d.gid)
      .join((enter) => {
        const e = enter.append('li');
        e.append('strong');
        e.append('span').attr('class', 'what');
        return e;
      })
      .attr('class', (d) => `real-g ${d.kind}${d.ran ? ' ran' : ''}`)
      .attr('data-testid', (d) => `real-g-${d.gid}`)
      .attr('data-start', (d) => d.start ?? '')
      .attr('data-kind', (d) => d.kind)
      .attr('title', (d) => `${d.start ?? ''} · goroutine ${d.gid} · ${d.ran ? t(lang, 'realRuns', d.ran) : t(lang, 'realNotRun')}`);
    li.select('strong').text((d) => (d.count > 1 ? `${d.name} ×${d.count}` : d.name));
    li.select('.what').text((d) => ` ${d.kind === 'lab' ? `(${t(lang, 'realLab')}) ` : ''}${d.what ? t(lang, d.what) : ''}`
      + `${d.also ? `; ${t(lang, d.also)}` : ''}`);
  }

  // ---------------------------------------------------------------- a moment: real and model events near it

  function bindPointer() {
    const svg = d3.select(el.svg);
    svg.on('click', (event) => {
      if (!state.run || !state.vm) return;
      const [px] = d3.pointer(event, el.svg);
      if (px < GUTTER) return;
      choose(scale(state.vm).invert(px));
    });
    svg.on('keydown', (event) => {
      if (!state.run || !state.vm) return;
      const [t0, t1] = scale(state.vm).domain();
      const span = t1 - t0;
      const from = state.kb ?? state.at ?? state.vm.frame?.time ?? 0;
      const moves = { ArrowLeft: -span / 50, ArrowRight: span / 50, PageUp: -span / 10, PageDown: span / 10 };
      if (event.key in moves) state.kb = Math.max(t0, Math.min(t1, from + moves[event.key]));
      else if (event.key === 'Home') state.kb = t0;
      else if (event.key === 'End') state.kb = t1;
      else if (event.key === 'Enter' || event.key === ' ') {
        if (state.kb != null) choose(state.kb);
        state.kb = null;
      } else if (event.key === 'Escape') {
        state.kb = null;
        choose(null);
      } else return;
      event.preventDefault();
      event.stopPropagation();
      drawMarker();
    });
    svg.on('blur', () => {
      state.kb = null;
      drawMarker();
    });
  }

  function choose(at) {
    state.at = at == null ? null : Math.max(0, Math.round(at));
    el.near.hidden = state.at == null;
    drawMarker();
    if (state.at != null && state.vm) {
      drawNear(state.vm, getLang());
      // the lists sit below the lanes: bring them into the panel's view, never scrolling the page
      el.near.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  /** The chosen moment (solid) and the keyboard's marker (dashed). */
  function drawMarker() {
    if (!state.vm) return;
    const x = scale(state.vm);
    const h = el.svg.__h ?? 40;
    const marks = [];
    if (state.at != null) marks.push({ id: 'at', t: state.at });
    if (state.kb != null) marks.push({ id: 'kb', t: state.kb });
    d3.select(el.svg).select('g.layer-marker').selectAll('line').data(marks, (d) => d.id)
      .join('line')
      .attr('class', (d) => (d.id === 'kb' ? 'kb-marker' : 'real-at'))
      .attr('data-testid', (d) => (d.id === 'kb' ? 'real-kb-marker' : 'real-marker'))
      .attr('x1', (d) => x(d.t)).attr('x2', (d) => x(d.t)).attr('y1', 2).attr('y2', h - 1);
    const shown = state.kb ?? state.at;
    d3.select(el.svg).attr('aria-valuenow', shown == null ? 0 : Math.round(shown))
      .attr('aria-valuetext', shown == null ? '' : time(Math.round(shown)));
  }

  function drawNear(vm, lang) {
    const at = state.at;
    const run = state.run;
    if (at == null || !run) return;
    const sig = `${at}|${lang}|${vm.log.length}|${vm.log[vm.log.length - 1]?.step ?? ''}|${run.id}`;
    if (el.near.__sig === sig) return;
    el.near.__sig = sig;
    setText(el.nearAt, t(lang, 'realNear', time(at)));
    const real = nearest(run.events, at, (e) => e.t).map((e) => ({ t: e.t, text: describe(e, run, lang), kind: e.kind }));
    const model = nearest(vm.log.filter((e) => e.time != null), at, (e) => e.time)
      .map((e) => ({ t: e.time, text: e.text ?? e.kind, kind: e.kind, step: e.step }));
    list(el.nearReal, real, t(lang, 'realNoEvents'));
    list(el.nearModel, model, t(lang, 'realNoModel'));
  }

  function list(ol, items, empty) {
    d3.select(ol).selectAll('li').data(items.length ? items : [{ empty }])
      .join('li')
      .attr('class', (d) => (d.empty ? 'empty' : `near ${d.kind}`))
      .attr('data-testid', (d) => (d.empty ? 'near-empty' : 'near-event'))
      .attr('data-kind', (d) => d.kind ?? null)
      .html('')
      .each(function each(d) {
        const li = d3.select(this);
        if (d.empty) {
          li.text(d.empty);
          return;
        }
        li.append('span').attr('class', 'ev-time').text(time(d.t));
        li.append('span').attr('class', 'ev-text').text(d.text);
      });
  }

  return { render, setOpen, get open() { return state.open; } };
}

/**
 * The instructor's recording key: taken from the address's fragment (#record-key=KEY, which never
 * reaches a server log) into this browser's storage, and the fragment removed from the address.
 */
function takeRecordKey() {
  let key = null;
  const m = /(?:^#|&)record-key=([A-Za-z0-9_-]{16,200})/.exec(location.hash);
  try {
    if (m) localStorage.setItem(RECORD_KEY, m[1]);
    key = localStorage.getItem(RECORD_KEY);
  } catch (e) {
    key = m ? m[1] : null;
  }
  if (m) {
    const u = new URL(location.href);
    u.hash = '';
    history.replaceState(null, '', u);
  }
  return key;
}

/** Whole seconds since an ISO time (a recording's start), or null. */
function elapsed(since) {
  const t0 = Date.parse(since ?? '');
  return Number.isNaN(t0) ? null : Math.max(0, Math.round((Date.now() - t0) / 1000));
}

/** The k items whose times are nearest to at, in time order. */
function nearest(items, at, timeOf) {
  return items.map((e) => ({ e, d: Math.abs(timeOf(e) - at) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, NEAR)
    .map((x) => x.e)
    .sort((a, b) => timeOf(a) - timeOf(b));
}

/** A CPU model as people say it: "Intel(R) Xeon(R) Processor" is an Intel Xeon. */
function cpuName(cpu) {
  if (!cpu) return '';
  return String(cpu).replace(/\((R|TM|tm)\)/g, '').replace(/\b(CPU|Processor)\b/g, '').replace(/@.*$/, '')
    .replace(/\s+/g, ' ').trim();
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * The recorded run as the panel draws it: names for every goroutine, lanes (each P, then system
 * calls packed into as few rows as do not overlap, then GC and STW), and the run's events.
 */
function prepare(run) {
  if (!run) return null;
  const end = run.window?.toNs ?? run.run?.durationNs ?? 0;
  const ran = new Map();
  for (const l of run.lanes ?? []) for (const s of l.spans) ran.set(s.gid, (ran.get(s.gid) ?? 0) + 1);
  const byGid = new Map();
  const others = [];
  for (const g of run.goroutines ?? []) {
    const known = KNOWN[g.start];
    const base = g.g != null ? `G${g.g}` : known?.[0] ?? (g.start ? g.start.replace(/^.*\//, '') : `goroutine ${g.gid}`);
    const helper = HELPER_LABELS[g.label];
    // a GC worker's label is the runtime's "GC (dedicated)", "GC (fractional)" or "GC (idle)"
    const label = String(g.label ?? '').replace(/^GC \((.*)\)$/, '$1');
    const name = g.g == null && label && !helper && !label.startsWith(base) ? `${base} (${label})` : base;
    const info = { gid: g.gid, g: g.g, name, kind: g.kind, start: g.start, what: known?.[1], also: helper, ran: ran.get(g.gid) ?? 0 };
    byGid.set(g.gid, info);
    if (g.g == null) {
      // goroutines alike (the lab's catcher for each fatal signal) are listed once, with how many
      const same = others.find((o) => o.name === info.name && o.kind === info.kind && o.also === info.also);
      if (same) {
        same.count += 1;
        same.ran += info.ran;
      } else {
        others.push({ ...info, count: 1 });
      }
    }
  }
  const nameOf = (gid) => (gid == null ? '' : byGid.get(gid)?.name ?? `goroutine ${gid}`);
  const seg = (from, to, gid, g, tip) => ({
    from, to, gid, g,
    text: () => (g != null ? `G${g}` : nameOf(gid)),
    tip,
  });
  const lanes = (run.lanes ?? []).map((l) => ({
    id: `P${l.p}`, kind: 'p', label: () => `P${l.p}`,
    segs: l.spans.map((s) => seg(s.from, s.to, s.gid, s.g, () => `${nameOf(s.gid)} · ${s.end}${s.reason ? ` (${s.reason})` : ''}${s.yields ? ` ×${s.yields}` : ''}`)),
  }));
  // system calls: each row holds calls that do not overlap
  const rows = [];
  for (const c of [...(run.syscalls ?? [])].sort((a, b) => a.from - b.from)) {
    const to = c.to ?? end;
    let row = rows.find((r) => r.last <= c.from);
    if (!row) {
      row = { last: 0, segs: [] };
      rows.push(row);
    }
    row.last = to;
    row.segs.push(seg(c.from, to, c.gid, c.g, () => `${nameOf(c.gid)}${c.handoff != null ? ` · P${c.p} ${time(c.handoff - c.from)}` : ''}`));
  }
  rows.forEach((r, i) => lanes.push({ id: `sys${i}`, kind: 'sys', label: (lang) => (i === 0 ? `${t(lang, 'syscallShort')}` : ''), segs: r.segs }));
  const gc = run.gc ?? {};
  if (gc.cycles?.length) {
    lanes.push({
      id: 'gc', kind: 'gc', label: () => 'GC',
      segs: gc.cycles.map((c) => ({ from: c.from, to: c.to ?? end, text: () => `GC ${c.n}`, tip: () => `GC ${c.n}` })),
    });
  }
  if (gc.stw?.length) {
    lanes.push({
      id: 'stw', kind: 'stw', label: () => 'STW',
      segs: gc.stw.map((p) => ({ from: p.from, to: p.to ?? end, text: () => 'STW', tip: () => `STW${p.reason ? ` · ${p.reason}` : ''}` })),
    });
  }
  return {
    id: `${run.lesson}|${run.recorded?.date}`,
    recorded: run.recorded ?? {},
    end,
    lanes,
    others,
    nameOf,
    events: run.events ?? [],
    signals: (run.events ?? []).filter((e) => e.kind === 'signal'),
    truncated: !!run.window?.truncated,
    kept: run.window?.events,
    total: run.window?.eventsTotal,
  };
}

/** A real event in the learner's words, naming goroutines as the panel does. */
function describe(e, run, lang) {
  const who = e.gid != null ? run.nameOf(e.gid) : '';
  const target = e.targetGid != null ? run.nameOf(e.targetGid) : '';
  switch (e.kind) {
    case 'signal': return t(lang, 'realSignal', e.reason);
    case 'goready': return t(lang, 'rev_goready', who, target);
    case 'newproc': return t(lang, 'rev_newproc', who, target);
    case 'gopark': return t(lang, 'rev_gopark', who, e.reason);
    case 'gosched': return `${t(lang, 'rev_gosched', who)}${e.value > 1 ? ` ×${e.value}` : ''}`;
    default: {
      const key = `rev_${e.kind}`;
      const w = t(lang, key, who, e.p, e.m, e.value, e.reason);
      return w === key ? e.kind : w;
    }
  }
}
