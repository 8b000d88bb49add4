// The scheduler board: the global run queue, each P with its runnext slot and
// local queue, the M bound to it, and everything off the Ps (threads in
// syscalls, idle threads, sysmon, timers, the netpoller, channels).
// Goroutines are circles keyed by id: when a frame moves one, it travels.

import { t } from '../i18n.js';
import { time } from '../text.js';

const R = 13;
const SLOT = 30;
const COL = 190;
const VISIBLE_RUNQ = 6;
const VISIBLE_GLOBAL = 24;
const P_PER_ROW = 8;

const lastPos = new Map();

export function renderBoard(svgEl, vm, { lang, reducedMotion }) {
  const s = vm.state;
  if (!s || !s.p) return;
  const L = layout(s, lang);
  const svg = d3.select(svgEl);
  svg.attr('viewBox', `0 0 ${L.width} ${L.height}`);
  const dur = reducedMotion ? 0 : 420;

  for (const name of ['panels', 'ps', 'slots', 'ms', 'gs']) {
    if (svg.select(`g.layer-${name}`).empty()) svg.append('g').attr('class', `layer-${name}`);
  }
  const layer = (name) => svg.select(`g.layer-${name}`);

  // Panels and labels: static boxes behind everything.
  layer('panels')
    .selectAll('g.panel')
    .data(L.panels, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'panel');
      g.append('rect').attr('rx', 8);
      g.append('text').attr('class', 'panel-label');
      return g;
    })
    .attr('data-testid', (d) => d.testid)
    .call((g) => g.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h))
    .call((g) => g.select('text').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 15).text((d) => d.label));

  // Queue slots: empty places a goroutine can occupy.
  layer('slots')
    .selectAll('g.slot')
    .data(L.slots, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'slot');
      g.append('rect').attr('rx', 6);
      g.append('text').attr('class', 'slot-label');
      return g;
    })
    .attr('data-testid', (d) => d.testid ?? null)
    .classed('runnext', (d) => d.kind === 'runnext')
    .classed('more', (d) => d.kind === 'more')
    .call((g) => g.select('rect')
      .attr('x', (d) => d.x - d.w / 2).attr('y', (d) => d.y - SLOT / 2 + 2)
      .attr('width', (d) => d.w).attr('height', SLOT - 4))
    .call((g) => g.select('text').attr('x', (d) => d.x).attr('y', (d) => d.y + 4).text((d) => d.text ?? ''));

  // Ps.
  layer('ps')
    .selectAll('g.p')
    .data(L.ps, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'p');
      g.append('rect').attr('class', 'p-box').attr('rx', 8);
      g.append('text').attr('class', 'p-name');
      g.append('text').attr('class', 'p-status');
      g.append('text').attr('class', 'p-runq-label');
      return g;
    })
    .attr('data-testid', (d) => `p-${d.id}`)
    .attr('data-status', (d) => d.status)
    .attr('class', (d) => `p ${d.status}`)
    .call((g) => g.select('rect.p-box').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', d => d.w).attr('height', 48))
    .call((g) => g.select('text.p-name').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 20).text((d) => `P${d.id}`))
    .call((g) => g.select('text.p-status').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 38).text((d) => `${d.status} · tick ${d.schedtick}`))
    .call((g) => g.select('text.p-runq-label').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 66)
      .text((d) => `${t(lang, 'runq')} ${d.runqLen}/${d.runqCap}`));

  // Ms: thread lanes that move between a P, the syscall lane and the idle pool.
  layer('ms')
    .selectAll('g.m')
    .data(L.ms, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'm').attr('transform', (d) => `translate(${d.x},${d.y})`);
      g.append('rect').attr('rx', 6).attr('width', 150).attr('height', 36);
      g.append('text').attr('class', 'm-name').attr('x', 8).attr('y', 15);
      g.append('text').attr('class', 'm-state').attr('x', 8).attr('y', 30);
      return g;
    })
    .attr('data-testid', (d) => `m-${d.id}`)
    .attr('data-state', (d) => d.state)
    .attr('class', (d) => `m ${d.state}${d.spinning ? ' spinning' : ''}`)
    .call((g) => g.select('text.m-name').text((d) => d.label))
    .call((g) => g.select('text.m-state').text((d) => d.sub))
    .transition().duration(dur)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);

  // Goroutines.
  const gs = layer('gs')
    .selectAll('g.g')
    .data(L.gs, (d) => d.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'g')
          .attr('transform', (d) => `translate(${d.fromX ?? d.x},${d.fromY ?? d.y})`)
          .attr('opacity', 0);
        g.append('circle').attr('r', R);
        g.append('text').attr('class', 'g-id').attr('y', 4);
        g.append('title');
        return g;
      },
      (update) => update,
      (exit) => exit.transition().duration(dur).attr('opacity', 0).remove(),
    )
    .attr('data-testid', (d) => `g-${d.id}`)
    .attr('data-status', (d) => d.status)
    .attr('data-where', (d) => d.where)
    .attr('class', (d) => `g ${d.status}${d.system ? ' system' : ''}${d.preempt ? ' preempt' : ''}`);
  gs.select('text.g-id').text((d) => d.label);
  gs.select('title').text((d) => d.title);
  gs.transition().duration(dur)
    .attr('opacity', 1)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);

  for (const g of L.gs) lastPos.set(g.id, { x: g.x, y: g.y });
}

/** Where everything goes for one snapshot. Pure apart from remembering the last positions. */
export function layout(s, lang) {
  const panels = [];
  const slots = [];
  const ps = [];
  const ms = [];
  const gpos = new Map();
  const nP = s.sched.gomaxprocs;
  const perRow = Math.min(nP, P_PER_ROW);
  const width = Math.max(960, 40 + perRow * COL);

  // The global run queue.
  const gq = s.sched.runq;
  panels.push({ id: 'global', testid: 'global-runq', label: `${t(lang, 'global')} (${gq.length})`, x: 10, y: 8, w: width - 20, h: 58 });
  const gVisible = Math.min(gq.length, VISIBLE_GLOBAL);
  for (let i = 0; i < Math.max(gVisible, 1); i++) {
    slots.push({ id: `gq-${i}`, x: 40 + i * (SLOT + 4), y: 46, w: SLOT, kind: 'runq' });
  }
  gq.forEach((g, i) => gpos.set(g, i < VISIBLE_GLOBAL ? { x: 40 + i * (SLOT + 4), y: 46, where: 'global' } : { x: 40 + VISIBLE_GLOBAL * (SLOT + 4), y: 46, where: 'global', hidden: true }));
  if (gq.length > VISIBLE_GLOBAL) {
    slots.push({ id: 'gq-more', x: 40 + VISIBLE_GLOBAL * (SLOT + 4) + 10, y: 46, w: 50, kind: 'more', text: `+${gq.length - VISIBLE_GLOBAL}` });
  }

  // The Ps, each with its M lane above it.
  const top = 84;
  const rowH = 96 + 48 + 24 + VISIBLE_RUNQ * SLOT + 30;
  Object.entries(s.p).forEach(([id, p]) => {
    const i = Number(id);
    const x = 20 + (i % perRow) * COL;
    const yM = top + Math.floor(i / perRow) * rowH;
    const yP = yM + 50;
    const w = COL - 24;
    ps.push({ id, x, y: yP, w, status: p.status, schedtick: p.schedtick, runqLen: p.runq.length, runqCap: p.runqCap });
    slots.push({ id: `runnext-${id}`, testid: `runnext-${id}`, x: x + w - 24, y: yP + 24, w: SLOT, kind: 'runnext' });
    if (p.runnext != null) gpos.set(p.runnext, { x: x + w - 24, y: yP + 24, where: `P${id}.runnext` });
    const vis = Math.min(p.runq.length, VISIBLE_RUNQ);
    for (let k = 0; k < Math.max(vis, 1); k++) {
      slots.push({ id: `runq-${id}-${k}`, testid: k === 0 ? `runq-${id}` : null, x: x + 30, y: yP + 92 + k * SLOT, w: SLOT, kind: 'runq' });
    }
    p.runq.forEach((g, k) => gpos.set(g, k < VISIBLE_RUNQ
      ? { x: x + 30, y: yP + 92 + k * SLOT, where: `P${id}.runq` }
      : { x: x + 30, y: yP + 92 + VISIBLE_RUNQ * SLOT, where: `P${id}.runq`, hidden: true }));
    if (p.runq.length > VISIBLE_RUNQ) {
      slots.push({ id: `runq-${id}-more`, x: x + 30, y: yP + 92 + VISIBLE_RUNQ * SLOT, w: 50, kind: 'more', text: `+${p.runq.length - VISIBLE_RUNQ}` });
    }
  });
  const rows = Math.ceil(nP / perRow);
  let y = top + rows * rowH + 10;

  // Off the Ps: syscalls, idle Ms, sysmon, timers, netpoller, channels.
  const lane = (id, label, h = 70) => {
    panels.push({ id, testid: id, label, x: 10, y, w: width - 20, h });
    const base = { x: 30, y: y + 42 };
    y += h + 10;
    return base;
  };

  const mEntries = Object.entries(s.m).filter(([id]) => id !== 'sysmon');
  const inSyscall = mEntries.filter(([, m]) => m.p == null && m.state === 'syscall');
  const idle = mEntries.filter(([, m]) => m.p == null && m.state !== 'syscall');

  const sys = lane('syscalls', `${t(lang, 'syscall')} (${inSyscall.length})`, 66);
  inSyscall.forEach(([id, m], k) => {
    const x = sys.x + k * 170;
    ms.push(mBox(id, m, x, sys.y - 24, lang));
    if (m.curg != null) gpos.set(m.curg, { x: x + 128, y: sys.y - 6, where: `M${id}` });
  });

  const pool = lane('idle-ms', `${t(lang, 'idleMs')} · ${t(lang, 'sysmon')}`, 66);
  const sm = s.m.sysmon;
  panels.push({ id: 'sysmon', testid: 'sysmon', label: `sysmon: ${sm.state} · ${t(lang, 'delay')} ${time(sm.delay)}`, x: width - 300, y: pool.y - 30, w: 280, h: 42 });
  idle.forEach(([id, m], k) => {
    ms.push(mBox(id, m, pool.x + k * 160, pool.y - 24, lang));
  });

  // Ms that hold a P sit in that P's column.
  mEntries.filter(([, m]) => m.p != null).forEach(([id, m]) => {
    const p = ps.find((q) => q.id === String(m.p));
    ms.push(mBox(id, m, p.x, p.y - 46, lang));
    if (m.curg != null) gpos.set(m.curg, { x: p.x + 128, y: p.y - 28, where: `M${id}` });
    if (m.hand != null && !gpos.has(m.hand)) gpos.set(m.hand, { x: p.x + 96, y: p.y - 28, where: `M${id}.hand` });
  });

  const timers = [];
  Object.entries(s.p).forEach(([, p]) => p.timers.forEach((tm) => timers.push(tm)));
  const tl = lane('timers', `${t(lang, 'timers')} (${timers.length})`, 60);
  timers.forEach((tm, k) => gpos.set(tm.g, { x: tl.x + k * 40, y: tl.y, where: 'timer', note: time(tm.when) }));

  const np = s.netpoll || { waiting: [], ready: [] };
  const npl = lane('netpoll', `${t(lang, 'netpoll')} (${np.waiting.length + np.ready.length})`, 60);
  [...np.waiting, ...np.ready].forEach((g, k) => gpos.set(g, { x: npl.x + k * 40, y: npl.y, where: 'netpoll' }));

  const chans = Object.entries(s.chan || {});
  if (chans.length) {
    const cl = lane('chans', t(lang, 'chans'), 30 + chans.length * 40);
    chans.forEach(([name, c], row) => {
      const cy = cl.y - 12 + row * 40;
      slots.push({ id: `chan-${name}`, testid: `chan-${name}`, x: 70, y: cy, w: 100, kind: 'label', text: `${name}${c.closed ? ' ✕' : ''} [${c.buf.length}/${c.cap}]` });
      c.recvq.forEach((g, k) => gpos.set(g, { x: 170 + k * 34, y: cy, where: `${name}.recvq` }));
      c.sendq.forEach((g, k) => gpos.set(g, { x: 470 + k * 34, y: cy, where: `${name}.sendq` }));
    });
  }

  const other = [];
  const gs = [];
  Object.entries(s.g).forEach(([id, g]) => {
    if (g.status === '_Gdead') return;
    let pos = gpos.get(Number(id));
    if (!pos) {
      if (g.status === '_Gwaiting' || g.status === '_Gpreempted') {
        other.push(id);
        pos = null;
      } else {
        const last = lastPos.get(id);
        pos = last ? { ...last, where: 'in hand' } : { x: 40, y: 46, where: 'in hand' };
      }
    }
    gs.push({ id, g, pos });
  });
  if (other.length) {
    const ol = lane('waiting', 'waiting', 60);
    other.forEach((id, k) => {
      const entry = gs.find((e) => e.id === id);
      entry.pos = { x: ol.x + k * 40, y: ol.y, where: entry.g.on || entry.g.waitreason || 'waiting' };
    });
  }

  const gsOut = gs.map(({ id, g, pos }) => {
    const last = lastPos.get(id);
    return {
      id,
      label: id,
      status: g.status,
      system: g.system,
      preempt: g.preempt,
      where: pos.where,
      x: pos.x,
      y: pos.y,
      fromX: last?.x,
      fromY: last?.y,
      title: `G${id} ${g.fn} · ${g.status}${g.waitreason ? ` (${g.waitreason})` : ''}${g.op ? ` · ${g.op}` : ''}${pos.note ? ` · ${pos.note}` : ''}`,
    };
  });

  return { width, height: y + 10, panels, slots, ps, ms, gs: gsOut };
}

function mBox(id, m, x, y, lang) {
  const sub = m.state === 'syscall' ? `${t(lang, 'syscall')}${m.oldp != null ? ` · P${m.oldp}` : ''}`
    : m.netpoll ? t(lang, 'netpoll')
      : m.spinning ? 'spinning'
        : m.state === 'idle' ? t(lang, 'idle') : (m.op ?? 'running');
  return { id, x, y, state: m.state, spinning: m.spinning, label: `M${id}`, sub };
}
