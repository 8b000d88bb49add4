// A timeline in the manner of `go tool trace`: one lane per P (or per
// interpreter thread) showing which goroutine ran when, lanes for the threads
// that sat in system calls, the GC phases and stop-the-world. It is drawn from
// what the page has seen (store's trace): stretches the page has not seen yet
// (a jump, a reopened link) are hatched as unknown. A click seeks to that
// moment; the line marks now.

import { t } from '../i18n.js';
import { time } from '../text.js';
import { layers, changed, setText } from './shared.js';

const WIDTH = 1000;
const GUTTER = 84;
const LANE_H = 20;
const AXIS_H = 22;
/** A goroutine's colour in every timeline, by its number (the real run's lesson goroutines carry the model's). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#8cd17d', '#79706e'];
/** The drawing's geometry, shared by the real run's timeline so that one time is one x in both. */
export const GEOMETRY = Object.freeze({ WIDTH, GUTTER, LANE_H, AXIS_H });

export function gColor(g) {
  return PALETTE[Number(g) % PALETTE.length];
}

/** The time axis from 0 to about `end` ns: a "nice" end, so it changes only now and then. */
export function timeScale(end) {
  return d3.scaleLinear().domain([0, end]).nice(6).range([GUTTER, WIDTH - 8]);
}

/** The end of the model's time axis as the timeline draws it now: what the page has seen of the run, and a margin. */
export function modelEnd(vm) {
  return Math.max(vm.trace.maxTime(), vm.frame?.time ?? 0, 1000) * 1.05;
}

const memory = new WeakMap();

export function renderTimeline(svgEl, vm, opts) {
  const trace = vm.trace;
  if (!vm.frame) return;
  const now = vm.frame.time;
  const lanes = trace.lanes();
  const known = trace.known();
  const maxT = Math.max(trace.maxTime(), now, 1000);
  const x = timeScale(modelEnd(vm));
  const height = AXIS_H + Math.max(1, lanes.length) * LANE_H + 6;
  const svg = d3.select(svgEl);
  if (svgEl.__h !== height) {
    svgEl.__h = height;
    svg.attr('viewBox', `0 0 ${WIDTH} ${height}`);
  }
  const lay = layers(svg, ['lanes', 'segs', 'unknown', 'axis', 'cursor']);
  const mem = memory.get(svgEl) ?? {};
  memory.set(svgEl, mem);
  const sig = `${trace.version}|${x.domain()[1]}|${opts.lang}|${lanes.length}`;
  if (mem.sig !== sig) {
    mem.sig = sig;
    const laneSig = `${lanes.map((l) => l.id).join()}|${opts.lang}`;
    if (mem.lanes !== laneSig) {
      mem.lanes = laneSig;
      drawLanes(lay.lanes, lanes, opts.lang, vm);
    }
    drawSegments(lay.segs, lanes, x, vm);
    drawUnknown(lay.unknown, known, x, height, opts.lang);
    const axisSig = `${x.domain()[1]}`;
    if (mem.axis !== axisSig) {
      mem.axis = axisSig;
      drawAxis(lay.axis, x);
    }
  }
  changed(lay.cursor.selectAll('line').data([now]).join('line').attr('data-testid', 'timeline-cursor'),
    () => `${now}|${x(now).toFixed(1)}|${height}`)
    .attr('data-time', now)
    .attr('x1', x(now)).attr('x2', x(now)).attr('y1', 4).attr('y2', height - 2);
  const knownText = known.map((k) => `${k.fromStep}-${k.toStep}`).join(',');
  if (svgEl.dataset.known !== knownText) svg.attr('data-known', knownText);
  if (!mem.bound) {
    mem.bound = true;
    svg.on('click', (event) => {
      const [px] = d3.pointer(event, svgEl);
      if (px < GUTTER) return;
      mem.onSeek?.(mem.trace.stepAt(mem.x.invert(px)));
    });
    // from the keyboard: arrows move a marker along the axis (Page keys further), Enter goes there
    svg.on('keydown', (event) => {
      const [t0, t1] = mem.x.domain();
      const span = t1 - t0;
      const at = mem.kb ?? mem.now;
      const moves = { ArrowLeft: -span / 50, ArrowRight: span / 50, PageUp: -span / 10, PageDown: span / 10 };
      if (event.key in moves) mem.kb = Math.max(0, Math.min(mem.maxT, at + moves[event.key]));
      else if (event.key === 'Home') mem.kb = 0;
      else if (event.key === 'End') mem.kb = mem.maxT;
      else if (event.key === 'Enter' || event.key === ' ') {
        if (mem.kb != null) mem.onSeek?.(mem.trace.stepAt(mem.kb));
        mem.kb = null;
      } else if (event.key === 'Escape') mem.kb = null;
      else return;
      event.preventDefault();
      event.stopPropagation();
      drawKeyMarker(svg, mem, height);
    });
    svg.on('blur', () => {
      mem.kb = null;
      drawKeyMarker(svg, mem, height);
    });
  }
  mem.now = now;
  mem.maxT = maxT;
  svg.attr('aria-valuenow', vm.frame.step).attr('aria-valuemax', vm.frame.furthest ?? vm.frame.step)
    .attr('aria-valuetext', `#${vm.frame.step} · ${time(now)}`);
  mem.onSeek = opts.onSeek;
  mem.trace = trace;
  mem.x = x;
}

/** The keyboard's marker: where Enter would go. */
function drawKeyMarker(svg, mem, height) {
  const at = mem.kb;
  svg.selectAll('line.kb-marker').data(at == null ? [] : [at]).join('line')
    .attr('class', 'kb-marker').attr('data-testid', 'timeline-marker')
    .attr('x1', (d) => mem.x(d)).attr('x2', (d) => mem.x(d)).attr('y1', 2).attr('y2', height - 1);
  if (at != null) svg.attr('aria-valuetext', `→ ${time(Math.round(at))} (#${mem.trace.stepAt(at)})`);
}

function laneLabel(l, lang, vm) {
  if (l.kind === 'p') return l.id;
  if (l.kind === 'sys') return `${l.id} ${t(lang, 'syscallShort')}`;
  if (l.kind === 'thread') {
    const th = vm.py?.threads?.[l.id.slice(1)];
    return th?.name ?? l.id;
  }
  return l.kind === 'gc' ? 'GC' : 'STW';
}

function drawLanes(layer, lanes, lang, vm) {
  const g = layer.selectAll('g.lane').data(lanes, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'lane');
      e.append('rect').attr('class', 'lane-bg');
      e.append('text').attr('class', 'lane-label');
      return e;
    })
    .attr('data-testid', (d) => `lane-${d.id}`)
    .attr('transform', (d, i) => `translate(0,${AXIS_H + i * LANE_H})`);
  g.select('rect.lane-bg').attr('x', GUTTER).attr('width', WIDTH - GUTTER - 8).attr('height', LANE_H - 3);
  g.select('text.lane-label').attr('x', 6).attr('y', 13).text((d) => laneLabel(d, lang, vm));
}

/** Segments narrower than a pixel or two merge into one "busy" stretch, so a long run stays cheap to draw. */
function coalesce(segs, x) {
  const out = [];
  let busy = null;
  for (const s of segs) {
    const w = x(s.to) - x(s.from);
    if (w < 2) {
      if (busy && x(s.from) - x(busy.to) < 2) {
        busy.to = s.to;
        busy.toStep = s.toStep;
      } else {
        busy = { ...s, v: '…', busy: true };
        out.push(busy);
      }
    } else {
      busy = null;
      out.push(s);
    }
  }
  return out;
}

function segClass(lane, v) {
  if (lane.kind === 'gc') return `seg gc ${v}`;
  if (lane.kind === 'stw') return 'seg stw';
  if (lane.kind === 'thread') return `seg thread ${v}`;
  if (v === '…') return 'seg busy';
  return `seg g${Number(v) >= 1000 ? ' system' : ''}${lane.kind === 'sys' ? ' sys' : ''}`;
}

function segLabel(lane, v) {
  if (lane.kind === 'gc') return String(v).replace('_GC', '');
  if (lane.kind === 'stw') return v === 'stw' ? 'STW' : v;
  if (lane.kind === 'thread') return v === 'running' ? 'GIL' : '';
  return v === '…' ? '' : `G${v}`;
}

function drawSegments(layer, lanes, x, vm) {
  const data = [];
  lanes.forEach((l, i) => {
    for (const s of coalesce(l.segments, x)) {
      data.push({ ...s, lane: l, y: AXIS_H + i * LANE_H + 1, key: `${l.id}:${s.fromStep}` });
    }
  });
  const all = layer.selectAll('g.seg').data(data, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g');
      e.append('rect');
      e.append('text');
      e.append('title');
      return e;
    });
  // only the segments that changed (usually the open one at the end) are rewritten
  const g = changed(all, (d) => `${d.v}|${x(d.from).toFixed(1)}|${x(d.to).toFixed(1)}|${d.toStep}`);
  g.attr('class', (d) => segClass(d.lane, d.v))
    .attr('data-testid', (d) => `seg-${d.lane.id}-${d.fromStep}`)
    .attr('data-g', (d) => (d.lane.kind === 'p' || d.lane.kind === 'sys' ? d.v : null))
    .attr('data-from-step', (d) => d.fromStep)
    .attr('data-to-step', (d) => d.toStep);
  g.select('rect')
    .attr('x', (d) => x(d.from)).attr('y', (d) => d.y)
    .attr('width', (d) => Math.max(1.5, x(d.to) - x(d.from))).attr('height', LANE_H - 5)
    .style('fill', (d) => (d.lane.kind === 'p' || d.lane.kind === 'sys') && d.v !== '…' ? gColor(d.v) : null);
  g.select('text')
    .attr('x', (d) => x(d.from) + 3).attr('y', (d) => d.y + 12)
    .call(setText, (d) => (x(d.to) - x(d.from) > 26 ? segLabel(d.lane, d.v) : ''));
  g.select('title').call(setText, (d) => `${laneLabel(d.lane, 'en', vm)} · ${segLabel(d.lane, d.v) || d.v} · ${time(d.from)}–${time(d.to)} (#${d.fromStep}–#${d.toStep})`);
}

function drawUnknown(layer, known, x, height, lang) {
  const gaps = [];
  let prevEnd = { to: 0, toStep: 0 };
  known.forEach((k, i) => {
    if (i === 0 ? k.fromStep > 0 : k.fromStep > prevEnd.toStep + 1) {
      gaps.push({ id: `gap-${k.fromStep}`, from: i === 0 ? 0 : prevEnd.to, to: k.from });
    }
    prevEnd = k;
  });
  const all = layer.selectAll('g.unknown').data(gaps, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'unknown').attr('data-testid', 'timeline-unknown');
      e.append('rect');
      e.append('title');
      return e;
    });
  const g = changed(all, (d) => `${x(d.from).toFixed(1)}|${x(d.to).toFixed(1)}|${height}|${lang}`);
  g.select('rect').attr('x', (d) => x(d.from)).attr('y', AXIS_H - 2)
    .attr('width', (d) => Math.max(3, x(d.to) - x(d.from))).attr('height', height - AXIS_H);
  g.select('title').text(t(lang, 'notSeen'));
}

export function drawAxis(layer, x) {
  const ticks = x.ticks(8);
  layer.selectAll('g.tick').data(ticks, (d) => d)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'tick');
      e.append('line').attr('y1', AXIS_H - 6).attr('y2', AXIS_H - 2);
      e.append('text').attr('y', AXIS_H - 9);
      return e;
    })
    .attr('transform', (d) => `translate(${x(d)},0)`)
    .select('text').call(setText, (d) => time(Math.round(d)))
    // the labels at the ends stay inside the picture
    .style('text-anchor', (d) => (x(d) > WIDTH - 40 ? 'end' : x(d) < GUTTER + 20 ? 'start' : 'middle'));
}
