// The interpreter board (a CPython-style model): one lane per thread, and the
// GIL as a token that moves to the lane of the thread that holds it. Threads
// waiting for it are numbered in the order they wait; the eval breaker and
// the drop request are flags that go up and down; pending signals wait as
// chips until the main thread, holding the GIL, runs their handlers between
// bytecodes.

import { t } from '../i18n.js';
import { time } from '../text.js';
import { layers, focusedPaths, duration, arcTween, clip, sized } from './shared.js';

const LANE_H = 50;
const TOP = 58;
const WIDTH = 540;

const GLYPH = { running: '▶', 'waiting-gil': '…', blocked: '‖', exited: '✕' };
const ROW_H = 26;

/** "settrace: tracer ×12": a traced thread's trace function and how often it has run. */
function traced(th, lang) {
  return th.tracer ? `${t(lang, 'traced')}: ${th.tracer} ×${th.traceCalls ?? 0}` : '';
}

export function layoutInterpreter(py, lang) {
  const threads = Object.entries(py.threads || {});
  const waiting = (py.gil?.waiting || []).map(String);
  const holder = py.gil?.holder != null ? String(py.gil.holder) : (threads.find(([, th]) => th.holdsGil)?.[0] ?? null);
  const lanes = threads.map(([id, th], i) => ({
    id,
    y: TOP + i * LANE_H,
    name: th.name ?? `T${id}`,
    main: !!th.main,
    state: th.state,
    holds: holder === id,
    queue: waiting.indexOf(id),
    text: [th.fn, th.pc != null ? `pc ${th.pc}` : null, th.op].filter(Boolean).join(' · '),
    why: th.state !== 'running' && th.waiting ? th.waiting : (th.cpu === 'c-call' ? t(lang, 'cCall') : traced(th, lang)),
    handler: !!th.inHandler,
    inTrace: !!th.inTrace,
    path: `cpython.threads.${id}`,
  }));
  const gilAt = lanes.find((l) => l.holds);
  const flags = [
    { id: 'eval-breaker', label: t(lang, 'evalBreaker'), on: !!py.evalBreaker, x: 70, path: 'cpython.evalBreaker' },
    { id: 'drop-request', label: t(lang, 'dropRequest'), on: !!py.gil?.dropRequest, x: 290, path: 'cpython.gil.dropRequest' },
  ];
  const interval = py.gil?.interval;
  const info = `${t(lang, 'switches')} ${py.gil?.switches ?? 0} · ${t(lang, 'interval')} ${typeof interval === 'number' ? time(interval) : interval ?? '—'}`;
  const pending = (py.pendingSignals || []).map(String);
  // the rows under the lanes: handlers, queues, objects with their reference counts
  const rows = [];
  const handlers = Object.entries(py.handlers || {}).map(([sig, fn]) => `${sig}: ${fn}`);
  if (handlers.length) rows.push({ id: 'handlers', label: t(lang, 'handlers'), items: handlers, path: 'cpython.handlers' });
  const queues = Object.entries(py.chan || {}).map(([name, q]) => `${name} [${(q.buf || []).length}/${q.cap ?? '∞'}]${(q.recvq || []).length ? ` get:${q.recvq.map((g) => `T${g}`).join(',')}` : ''}${(q.sendq || []).length ? ` put:${q.sendq.map((g) => `T${g}`).join(',')}` : ''}`);
  if (queues.length) rows.push({ id: 'queues', label: t(lang, 'queues'), items: queues, path: 'cpython.chan' });
  const objs = Object.entries(py.heap || {});
  if (objs.length) {
    rows.push({ id: 'objects', label: t(lang, 'refcounts'), path: 'cpython.heap',
      items: objs.slice(0, 16).map(([id, o]) => `${id}${o.freed ? ' ✕' : ` ×${o.refcount}`}`).concat(objs.length > 16 ? [`+${objs.length - 16}`] : []) });
  }
  const paths = ['cpython', 'cpython.gil', 'cpython.gil.holder', 'cpython.gil.waiting', 'cpython.pendingSignals', ...lanes.map((l) => l.path), ...flags.map((f) => f.path)];
  return {
    lanes,
    flags,
    info,
    pending,
    gil: { x: 26, y: gilAt ? gilAt.y + LANE_H / 2 : 24, free: !gilAt, holder },
    rows: rows.map((r, i) => ({ ...r, y: TOP + Math.max(1, lanes.length) * LANE_H + 34 + i * ROW_H })),
    width: WIDTH,
    height: TOP + Math.max(1, lanes.length) * LANE_H + 40 + rows.length * ROW_H,
    paths: [...paths, ...rows.map((r) => r.path)],
  };
}

export function renderInterpreter(svgEl, vm, opts) {
  const py = vm.py;
  if (!py) return;
  const L = layoutInterpreter(py, opts.lang);
  const lit = focusedPaths(new Set([...(opts.focus || [])].map((f) => (f.startsWith('cpython.') ? f : `cpython.${f}`))), L.paths);
  const dur = duration(opts);
  const svg = d3.select(svgEl);
  sized(svg, L.width, L.height);
  const lay = layers(svg, ['flags', 'lanes', 'pending', 'gil']);

  const flags = lay.flags.selectAll('g.flag').data(L.flags, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'pole').attr('d', 'M0,4V34');
      g.append('path').attr('class', 'cloth');
      g.append('text').attr('x', 22).attr('y', 22);
      return g;
    })
    .attr('class', (d) => `flag ${d.on ? 'up' : 'down'}${lit.has(d.path) ? ' focus' : ''}`)
    .attr('data-testid', (d) => d.id)
    .attr('data-on', (d) => String(d.on))
    .attr('transform', (d) => `translate(${d.x},8)`);
  flags.select('path.cloth').transition().duration(dur).attr('d', (d) => (d.on ? 'M0,4h16l-4,6l4,6h-16z' : 'M0,22h16l-4,6l4,6h-16z'));
  flags.select('text').text((d) => `${d.label}: ${t(opts.lang, d.on ? 'set' : 'clear')}`);

  lay.flags.selectAll('text.info').data([L.info]).join('text').attr('class', 'info small')
    .attr('x', WIDTH - 10).attr('y', 48).attr('text-anchor', 'end').text((d) => d);

  const lanes = lay.lanes.selectAll('g.thread').data(L.lanes, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('opacity', 0);
      g.append('rect').attr('class', 'lane-box').attr('x', 8).attr('rx', 7).attr('width', WIDTH - 16).attr('height', LANE_H - 6);
      g.append('circle').attr('class', 'gil-spot').attr('cx', 26).attr('cy', (LANE_H - 6) / 2).attr('r', 13);
      g.append('text').attr('class', 't-name').attr('x', 50).attr('y', 17);
      g.append('text').attr('class', 't-state').attr('x', 50).attr('y', 33);
      g.append('text').attr('class', 't-what').attr('x', 230).attr('y', 18);
      g.append('text').attr('class', 't-why').attr('x', 230).attr('y', 34);
      return g;
    })
    .attr('class', (d) => `thread ${d.state}${d.holds ? ' holds' : ''}${lit.has(d.path) ? ' focus' : ''}`)
    .attr('data-testid', (d) => `thread-${d.id}`)
    .attr('data-state', (d) => d.state)
    .attr('data-holds-gil', (d) => String(d.holds));
  lanes.transition().duration(dur).attr('opacity', 1).attr('transform', (d) => `translate(0,${d.y - 3})`);
  lanes.select('text.t-name').text((d) => `${d.main ? '★ ' : ''}${clip(d.name, 22)}`);
  lanes.select('text.t-why').text((d) => `${d.handler ? `⚑ ${t(opts.lang, 'inHandler')}  ` : ''}${d.inTrace ? `⚙ ${t(opts.lang, 'inTrace')}  ` : ''}${clip(d.why, 40)}`);
  lanes.select('text.t-state').text((d) => `${GLYPH[d.state] ?? ''} ${t(opts.lang, `th_${d.state}`)}${d.queue >= 0 ? ` #${d.queue + 1}` : ''}`);
  lanes.select('text.t-what').text((d) => clip(d.text, 40));

  const pend = lay.pending.selectAll('g.pending').data(L.pending, (d, i) => `${d}-${i}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'pending chip');
      g.append('rect').attr('rx', 4).attr('height', 20).attr('width', 70);
      g.append('text').attr('x', 35).attr('y', 14);
      return g;
    })
    .attr('data-testid', (d) => `py-pending-${d}`);
  pend.select('text').text((d) => d);
  const pendingY = TOP + Math.max(1, L.lanes.length) * LANE_H + 8;
  pend.attr('transform', (d, i) => `translate(${150 + i * 76},${pendingY})`);
  lay.pending.selectAll('text.pending-label').data([t(opts.lang, 'pendingSignals')]).join('text')
    .attr('class', 'pending-label small').attr('x', 14).attr('y', pendingY + 14).text((d) => d);
  const rows = lay.pending.selectAll('g.py-row').data(L.rows, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'py-row');
      g.append('text').attr('class', 'row-label small').attr('x', 14).attr('y', 14);
      g.append('text').attr('class', 'row-items').attr('x', 150).attr('y', 14);
      return g;
    })
    .attr('data-testid', (d) => `py-${d.id}`)
    .classed('focus', (d) => lit.has(d.path))
    .attr('transform', (d) => `translate(0,${d.y})`);
  rows.select('text.row-label').text((d) => d.label);
  rows.select('text.row-items').text((d) => clip(d.items.join('   '), 64));

  const gil = lay.gil.selectAll('g.gil').data([L.gil])
    .join((enter) => {
      const g = enter.append('g').attr('class', 'gil').attr('data-testid', 'gil')
        .attr('transform', (d) => `translate(${d.x},${d.y})`);
      g.append('path').attr('d', 'M-8,-4v-5a8,8 0 0,1 16,0v5');
      g.append('rect').attr('x', -13).attr('y', -5).attr('width', 26).attr('height', 17).attr('rx', 3);
      g.append('text').attr('y', 8).text('GIL');
      return g;
    })
    .attr('data-holder', (d) => d.holder ?? '')
    .classed('free', (d) => d.free)
    .classed('focus', lit.has('cpython.gil') || lit.has('cpython.gil.holder'));
  gil.filter(function moved(d) {
    const pos = `${d.x},${d.y}`;
    if (this.__pos === pos) return false;
    this.__pos = pos;
    return true;
  }).transition().duration(dur).attrTween('transform', function tween(d) {
    return arcTween(d.x, d.y, 0).call(this);
  });
}
