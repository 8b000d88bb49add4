// The paths a signal and a preemption request travel, as three rows of
// stations a token runs along:
//   delivery:   kernel → the chosen M's sighandler → sigsend (the signal
//               queue) → the signal.loop goroutine (signal_recv) → the Notify
//               channel → the goroutine that receives it; or dropped, or the
//               process dies;
//   preemption: sysmon → preemptone → preemptM (SIGURG) → the M's handler →
//               asyncPreempt → back to a run queue; or, cooperatively, the
//               next function call's morestack check;
//   interpreter: kernel → the C handler (trip_signal sets a flag and the eval
//               breaker) → the main thread, which must hold the GIL →
//               eval_breaker → run_signal_handlers → the Python handler.
// Each frame's events light the stations they pass, in order, and a token
// travels the hops; the stations show the state behind them (pending signals,
// the Notify table, the loop goroutine, the handler thread, the flag).

import { t } from '../i18n.js';
import { layers, duration, clip, sized } from './shared.js';

const NODE_W = 124;
const NODE_H = 46;
const GAP = 24;
const ROW_H = 86;

// the kinds whose counts (in the state) bring up a row; sighandler also runs for SIGURG (preemption),
// so it alone does not bring up the delivery row
const DELIVERY = ['sigsend', 'signal_recv', 'sigdrop', 'dieFromSignal', 'notify'];
const PREEMPTION = ['preemptone', 'preemptM', 'asyncPreempt', 'morestack'];

/** Which rows the frame has anything to show on: Go delivery, preemption, the interpreter. */
export function signalRows(vm) {
  const go = vm.go;
  const rows = { go: false, pre: false, py: !!vm.py };
  if (go) {
    const sig = go.signals || {};
    const counts = go.stats?.events || {};
    const hops = (vm.events || []).flatMap((e) => e.hops || []);
    const seen = (kinds, stations) => kinds.some((k) => counts[k] > 0) || stations.some((h) => hops.includes(h));
    const userSignal = hops.includes('kernel');
    rows.go = (sig.pending || []).length > 0 || Object.keys(sig.notify || {}).length > 0 || sig.loopG != null
      || (sig.delivered ?? 0) > 0 || (sig.dropped ?? 0) > 0 || userSignal || seen(DELIVERY, ['sigsend', 'loop', 'sigdrop', 'chandrop', 'die']);
    rows.pre = seen(PREEMPTION, ['preemptone', 'preemptM', 'async', 'morestack']);
  }
  return rows;
}

/** Whether the frame's lesson has anything on these paths to show. */
export function hasSignals(vm) {
  const r = signalRows(vm);
  return r.go || r.pre || r.py;
}

const ROWS = {
  go: ['kernel', 'handler', 'sigsend', 'loop', 'chan', 'receiver'],
  // each dead end with the station it branches off: the runtime drops a signal nobody asked for in its
  // handler; os/signal's loop drops one its Notify channel has no room for
  goEnds: [['sigdrop', 'handler'], ['die', 'handler'], ['chandrop', 'loop']],
  pre: ['sysmon', 'preemptone', 'preemptM', 'sigurg', 'async', 'requeue'],
  preEnds: [['morestack', 'preemptone']],
  py: ['pykernel', 'trip', 'flag', 'mainthread', 'breaker', 'pyhandler'],
  pyEnds: [['pydie', 'pykernel']],
};

/**
 * Where the stations go. `perLine` 6 draws each path on one line (wide and
 * short); 3 wraps it onto two lines (about half as wide, twice as tall) for a
 * narrow column or a phone.
 */
export function layoutSignals(vm, lang, perLine = 6) {
  const nodes = [];
  const edges = [];
  const rows = [];
  let y = 8;
  const pitch = NODE_H + 50; // from one line of a wrapped path to the next, room for the dead ends between
  const go = vm.go;
  const py = vm.py;
  const show = signalRows(vm);
  const addRow = (id, names, ends, sub) => {
    rows.push({ id, y, label: t(lang, `sigrow_${id}`) });
    names.forEach((n, i) => {
      const ny = y + 18 + Math.floor(i / perLine) * pitch;
      nodes.push({ id: n, x: 10 + (i % perLine) * (NODE_W + GAP), y: ny, label: t(lang, `sig_${n}`), sub: sub[n] ?? '' });
      if (i > 0) edges.push({ id: `${names[i - 1]}-${n}`, from: names[i - 1], to: n });
    });
    const lines = Math.ceil(names.length / perLine);
    // the dead ends branch off their stations, drawn under the row
    const perStation = new Map();
    ends.forEach(([n, from]) => {
      const k = perStation.get(from) ?? 0;
      perStation.set(from, k + 1);
      const at = nodes.find((d) => d.id === from);
      nodes.push({ id: n, x: at.x + (k + 0.6) * (NODE_W + GAP) * 0.9, y: at.y + NODE_H + 8, label: t(lang, `sig_${n}`), sub: sub[n] ?? '', small: true });
      edges.push({ id: `${from}-${n}`, from, to: n, branch: true });
    });
    const lastLine = y + 18 + (lines - 1) * pitch;
    y += ROW_H + (lines - 1) * pitch + (nodes.some((d) => d.small && d.y > lastLine) ? 34 : 0);
  };
  if (go && show.go) {
    const sig = go.signals || {};
    const notify = Object.entries(sig.notify || {});
    const lastSignal = [...(vm.events || [])].reverse().find((e) => e.signal && e.signal !== 'SIGURG')?.signal;
    const chans = [...new Set(notify.map(([, c]) => c))];
    const receivers = chans.flatMap((c) => go.chan?.[c]?.recvq || []);
    addRow('go', ROWS.go, ROWS.goEnds, {
      kernel: lastSignal ?? (sig.pending || [])[0] ?? '',
      handler: sig.handlerM != null ? `M${sig.handlerM}` : '',
      sigsend: (sig.pending || []).length ? `${t(lang, 'pending')}: ${sig.pending.join(' ')}` : t(lang, 'empty'),
      loop: sig.loopG != null ? `G${sig.loopG}` : t(lang, 'notStarted'),
      chan: notify.length ? notify.map(([s, c]) => `${s.replace('SIG', '')}→${c}`).join(' ') : t(lang, 'noNotify'),
      receiver: receivers.length ? receivers.map((g) => `G${g}`).join(' ') : '',
    });
  }
  if (go && show.pre) {
    const async = go.sched?.asyncPreemption !== false;
    addRow('pre', ROWS.pre, ROWS.preEnds, {
      sysmon: go.m?.sysmon?.state ?? '',
      sigurg: async ? '' : t(lang, 'asyncOff'),
      preemptM: async ? 'SIGURG' : t(lang, 'asyncOff'),
    });
  }
  if (py) {
    addRow('py', ROWS.py, ROWS.pyEnds, {
      pykernel: (py.pendingSignals || []).join(' '),
      trip: 'trip_signal',
      flag: (py.pendingSignals || []).length ? t(lang, 'tripped') : '',
      breaker: py.evalBreaker ? t(lang, 'set') : t(lang, 'clear'),
      mainthread: mainThreadNote(py, lang),
      pyhandler: Object.entries(py.handlers || {}).map(([s, f]) => `${s.replace('SIG', '')}: ${f}`).join(' ') || t(lang, 'defaultAction'),
    });
  }
  const width = Math.max(10 + perLine * (NODE_W + GAP), ...nodes.map((d) => d.x + NODE_W + 10));
  return { nodes, edges, rows, width: Math.ceil(width), height: y, perLine };
}

function mainThreadNote(py, lang) {
  const main = Object.entries(py.threads || {}).find(([, th]) => th.main);
  if (!main) return '';
  const [id, th] = main;
  return th.holdsGil || String(py.gil?.holder) === id ? t(lang, 'holdsGil') : t(lang, 'waitsGil');
}

/** The stations the shown events passed, in order (each event names its own, as hops). */
export function stations(events) {
  const out = (events || []).flatMap((e) => e.hops || []);
  return out.filter((n, i, a) => i === 0 || a[i - 1] !== n);
}

/** The signals' natural size on one line and wrapped, for the player to give them room. */
export function signalShapes(vm, lang) {
  return [6, 3].map((n) => {
    const L = layoutSignals(vm, lang, n);
    return { perLine: n, width: L.width, height: L.height };
  });
}

/** Wrapped when that draws the stations larger in the box the picture has (or, without a box, on a phone). */
function perLineFor(vm, opts) {
  const box = opts.signalsBox;
  if (!box || !box.width || !box.height) return opts.narrow ? 3 : 6;
  let best = 6;
  let bestScale = 0;
  for (const sh of signalShapes(vm, opts.lang)) {
    const scale = Math.min(box.width / sh.width, box.height / sh.height);
    if (scale > bestScale * 1.04) {
      bestScale = scale;
      best = sh.perLine;
    }
  }
  return best;
}

export function renderSignals(svgEl, vm, opts) {
  const L = layoutSignals(vm, opts.lang, perLineFor(vm, opts));
  const svg = d3.select(svgEl);
  sized(svg, L.width, L.height);
  const lay = layers(svg, ['rows', 'edges', 'nodes', 'token']);
  const path = stations(vm.events);
  const lit = new Set(path);
  const pos = new Map(L.nodes.map((n) => [n.id, n]));
  const focus = [...(opts.focus || [])].some((f) => /(^|\.)signals\b/.test(f));
  svg.classed('focus', focus);

  lay.rows.selectAll('text.row-label').data(L.rows, (d) => d.id)
    .join('text').attr('class', 'row-label').attr('x', 10).attr('y', (d) => d.y + 12).text((d) => d.label);

  lay.edges.selectAll('path.sig-edge').data(L.edges, (d) => d.id)
    .join('path')
    .attr('class', (d) => `sig-edge${d.branch ? ' branch' : ''}${lit.has(d.from) && lit.has(d.to) ? ' lit' : ''}`)
    .attr('d', (d) => edgePath(pos.get(d.from), pos.get(d.to)))
    .attr('marker-end', 'url(#sig-arrow)');

  const last = path[path.length - 1];
  lay.nodes.selectAll('g.sig-node').data(L.nodes, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('rx', 8);
      g.append('text').attr('class', 'n-label');
      g.append('text').attr('class', 'n-sub');
      return g;
    })
    .attr('class', (d) => `sig-node ${d.id}${d.small ? ' small' : ''}${lit.has(d.id) ? ' lit' : ''}${d.id === last ? ' current' : ''}`)
    .attr('data-testid', (d) => `sig-${d.id}`)
    .attr('data-lit', (d) => String(lit.has(d.id)))
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .call((g) => g.select('rect').attr('width', NODE_W).attr('height', (d) => (d.small ? 30 : NODE_H)))
    .call((g) => g.select('text.n-label').attr('x', 8).attr('y', (d) => (d.small ? 19 : 18)).text((d) => clip(d.label, 19)))
    .call((g) => g.select('text.n-sub').attr('x', 8).attr('y', 36).text((d) => (d.small ? '' : clip(d.sub, 20))));

  // the token runs the frame's hops in order, then rests on the last station
  const hops = path.map((id) => pos.get(id)).filter(Boolean);
  const token = lay.token.selectAll('circle.sig-token').data(hops.length ? [vm.frame?.step ?? 0] : [], (d) => d)
    .join((enter) => enter.append('circle').attr('class', 'sig-token').attr('data-testid', 'sig-token').attr('r', 7)
      .attr('cx', hops[0] ? hops[0].x + NODE_W / 2 : 0).attr('cy', hops[0] ? hops[0].y : 0));
  token.attr('data-at', last ?? null);
  const hop = Math.max(40, duration(opts, 700) / Math.max(1, hops.length));
  let tr = token;
  for (const h of hops) {
    tr = tr.transition().duration(hop).attr('cx', h.x + NODE_W / 2).attr('cy', h.y);
  }
}

function edgePath(a, b) {
  if (!a || !b) return '';
  // a wrapped path: down from the line's last station, back along just above the next line, into its first
  if (b.x < a.x && b.y > a.y + NODE_H) {
    return `M${a.x + NODE_W / 2},${a.y + NODE_H}V${b.y - 8}H${b.x + NODE_W / 2}V${b.y - 3}`;
  }
  if (b.y > a.y + 10) {
    return `M${a.x + NODE_W / 2},${a.y + NODE_H}C${a.x + NODE_W / 2},${b.y + 15} ${b.x - 30},${b.y + 15} ${b.x},${b.y + 15}`;
  }
  return `M${a.x + NODE_W},${a.y + NODE_H / 2}L${b.x - 3},${b.y + NODE_H / 2}`;
}
