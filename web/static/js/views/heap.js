// The heap: objects as a graph with their pointers, coloured white, grey or
// black by the tri-colour mark (grey is also dashed, black also has a thick
// double outline, and each carries its colour's initial, so colour is never the
// only signal). The roots sit on the left (globals, then each goroutine's stack
// slots); objects stand in columns by their distance from a root, so a pointer
// write that changes the graph makes them move. Below: the grey queue in order,
// the assist queue, the mark workers and the heap's pacing figures.
//
// A frame's events flash what they did: a write barrier lights the pointer
// written (the overwritten one fades out) and pulses the objects it shaded;
// shade and scanobject pulse their object; an object the sweeper freed while a
// root still reached it (gc.lost, only possible with the barrier off) turns into
// the red, crossed-out bug it is.

import { t } from '../i18n.js';
import { layers, focusedPaths, duration, clip, sized, changed } from './shared.js';

const OBJ_W = 66;
const ROOT_W = 116;
const COL_GAP = 58;
const ROW_GAP = 12;
const FIELD_H = 15;
const HEAD_H = 20;
const GRAPH_LIMIT = 80;
const MAX_ROWS = 8;
const CELL = 16;

/** Whether the lesson has a heap worth drawing (objects, or a collection under way). */
export function hasHeap(go) {
  if (!go) return false;
  const phase = go.gc?.phase;
  if (phase != null && phase !== '_GCoff') return true;
  for (const id in go.heap || {}) return id != null; // the first key is enough
  return false;
}

export function renderHeap(svgEl, vm, opts) {
  const s = vm.go;
  if (!hasHeap(s)) return;
  const L = layoutHeap(s, opts.lang, { narrow: !!opts.narrow });
  const lit = focusedPaths(opts.focus, L.paths, opts.focusPrefix || '');
  const fx = effects(vm.events, s);
  const dur = duration(opts);
  const svg = d3.select(svgEl);
  sized(svg, L.width, L.height);
  if (svgEl.dataset.mode !== L.mode) svg.attr('data-mode', L.mode);
  const lay = layers(svg, ['frame', 'edges', 'ghosts', 'roots', 'objs', 'cells', 'rings', 'strip']);
  drawFrame(lay.frame, L);
  drawEdges(lay.edges, L.edges, fx, dur);
  drawGhosts(lay.ghosts, fx.ghosts, L, dur);
  drawRoots(lay.roots, L.roots, lit, fx);
  drawObjects(lay.objs, L.mode === 'graph' ? L.objs : [], lit, fx, dur);
  drawCells(svgEl, lay.cells, L.mode === 'grid' ? L.objs : [], lit, L, opts.lang);
  drawRings(lay.rings, L.mode === 'grid' ? L.objs : [], fx, dur);
  drawStrip(lay.strip, L.strip, lit);
}

/**
 * The slot a store wrote, as [object id, field]: the engine names it as the
 * program wrote it ("a.next", a local of the storing goroutine, or
 * "global.root"); "global.root" becomes the root's edge.
 */
function splitDst(dst, g, s) {
  const cut = dst.indexOf('.');
  const head = cut < 0 ? dst : dst.slice(0, cut);
  const rest = cut < 0 ? null : dst.slice(cut + 1);
  if (head === 'global' || head === 'globals') return [`root:global:${rest}`, null];
  const local = g != null ? s?.stacks?.[String(g)]?.[head] : undefined;
  return [local ?? head, rest];
}

/** What the shown events did to the heap (the server names each effect), for flashing. */
function effects(events, s) {
  const fx = { wbEdges: new Set(), shaded: new Set(), scanned: new Set(), freed: new Set(), lost: new Set(), roots: false, ghosts: [] };
  for (const e of events || []) {
    switch (e.heap) {
      case 'write': {
        // the engine names the slot written as dst ("A.next" or "global.root"); fixtures may say obj + field
        const [obj, field] = e.dst ? splitDst(e.dst, e.g, s) : [e.obj, e.field];
        if (obj != null) {
          const key = obj.startsWith('root:') ? obj : `${obj}.${field ?? ''}`;
          fx.wbEdges.add(key);
          if (e.new != null) fx.wbEdges.add(`${obj}>${e.new}`);
          if (e.old != null && e.old !== e.new) fx.ghosts.push({ id: `ghost-${e.step}`, from: obj, field, to: e.old });
        }
        for (const id of e.shaded || []) fx.shaded.add(String(id));
        break;
      }
      case 'shade':
        if (e.obj != null) fx.shaded.add(String(e.obj));
        for (const id of e.shaded || []) fx.shaded.add(String(id));
        break;
      case 'scan':
        if (e.obj != null) fx.scanned.add(String(e.obj));
        break;
      case 'root':
        fx.roots = e.root === 'stack' && e.target != null ? `stack:${e.target}` : e.root === 'globals' ? 'global' : true;
        for (const id of e.shaded || []) fx.shaded.add(String(id));
        break;
      case 'free':
        if (e.obj != null) fx.freed.add(String(e.obj));
        break;
      case 'lost':
        if (e.obj != null) fx.lost.add(String(e.obj));
        break;
      default:
        break;
    }
  }
  return fx;
}

// ---------------------------------------------------------------- layout

/** Where everything goes; `narrow` (a phone) closes the gaps between the columns so the graph fits the width. */
export function layoutHeap(s, lang, { narrow = false } = {}) {
  const heap = s.heap || {};
  const ids = Object.keys(heap);
  const mode = ids.length > GRAPH_LIMIT ? 'grid' : 'graph';
  const L = { mode, roots: [], objs: [], edges: [], strip: [], paths: ['gc.grey', 'gc.assistQueue', 'gc.workers', 'gc.lost', 'gc.workbufs', 'gc.utilization'] };
  const lost = new Set((s.gc?.lost || []).map(String));
  const rootTargets = roots(L, s, lang);
  const depth = depths(heap, rootTargets);
  if (mode === 'graph') graphLayout(L, heap, depth, lost, narrow ? 30 : COL_GAP);
  else gridLayout(L, heap, depth, lost);
  const bottom = Math.max(L.rootsBottom, L.objsBottom) + 14;
  // as wide as the graph and the pacer's line need (a narrow heap leaves the board more room beside it)
  L.width = Math.max(L.objsRight + 20, 440);
  L.height = strip(L, s, lang, bottom, L.width);
  const pacer = L.strip.find((r) => r.kind === 'gauge');
  if (pacer && pacer.need > L.width) {
    L.width = Math.ceil(pacer.need / 20) * 20;
    pacer.w = L.width - 200;
  }
  for (const id of ids) L.paths.push(`heap.${id}`);
  return L;
}

/** The root slots (globals, then each goroutine's stack variables) down the left edge. */
function roots(L, s, lang) {
  const targets = [];
  let y = 8;
  const header = (id, label, path) => {
    L.roots.push({ id, header: true, label, x: 10, y: y + 12, path });
    if (path) L.paths.push(path);
    y += 18;
  };
  // while the collector marks, a root not yet scanned is still in gc.roots ("globals", "stack G5")
  const marking = s.gc?.phase != null && s.gc.phase !== '_GCoff';
  const pending = new Set(s.gc?.roots || []);
  const scan = (job) => (!marking ? '' : pending.has(job) ? ' unscanned' : ' scanned');
  let scanState = '';
  const add = (id, testid, path, label, obj, group) => {
    L.roots.push({ id, testid, path, label, obj, x: 10, y, w: ROOT_W, h: 20, group, scan: scanState });
    L.paths.push(path);
    if (obj != null) targets.push(String(obj));
    y += 24;
  };
  header('h-globals', t(lang, 'globals'));
  scanState = scan('globals');
  for (const [name, obj] of Object.entries(s.globals || {})) add(`global:${name}`, `root-global-${name}`, `globals.${name}`, name, obj, 'global');
  // a pointer waiting in a channel's buffer: the lesson's channels are package-level, found with the globals
  for (const [name, ch] of Object.entries(s.chan || {})) {
    (ch.values || []).forEach((obj, i) => {
      if (obj != null) add(`chan:${name}:${i}`, `root-chan-${name}-${i}`, `chan.${name}.values`, `${name}[${i}]`, obj, 'global');
    });
  }
  for (const [gid, vars] of Object.entries(s.stacks || {})) {
    y += 6;
    scanState = scan(`stack G${gid}`);
    const state = scanState ? ` · ${t(lang, scanState.trim())}` : '';
    header(`h-stack-${gid}`, `G${gid} ${t(lang, 'stack')}${state}`, `stacks.${gid}`);
    for (const [v, obj] of Object.entries(vars || {})) add(`stack:${gid}:${v}`, `root-stack-${gid}-${v}`, `stacks.${gid}.${v}`, v, obj, 'stack');
  }
  L.rootsBottom = y;
  return targets;
}

// The last depths computed, with what they were computed from: the root targets and each object's
// fields object. Patches are applied copy-on-write, so a step that only recolours objects keeps every
// fields object as it was and the breadth-first walk is skipped.
let lastDepths = { roots: '', fields: [], depth: new Map() };

/** Distance of every object from the nearest root (breadth first); unreachable ones get none. */
function depths(heap, rootTargets) {
  const roots = rootTargets.join(' ');
  const fields = [];
  for (const id in heap) fields.push(heap[id].fields);
  const was = lastDepths;
  if (was.roots === roots && was.fields.length === fields.length && fields.every((f, i) => f === was.fields[i])) return was.depth;
  const depth = new Map();
  lastDepths = { roots, fields, depth };
  let frontier = [];
  for (const id of rootTargets) {
    if (heap[id] && !depth.has(id)) {
      depth.set(id, 1);
      frontier.push(id);
    }
  }
  for (let d = 2; frontier.length && d < 10000; d++) {
    const next = [];
    for (const id of frontier) {
      for (const to of Object.values(heap[id]?.fields || {})) {
        if (to != null && heap[to] && !depth.has(String(to))) {
          depth.set(String(to), d);
          next.push(String(to));
        }
      }
    }
    frontier = next;
  }
  return depth;
}

// Each heap object's last datum: while the object (the same object, patches being copy-on-write) sits
// in the same place with the same reachability, the datum is the same one, and the views skip it.
const datums = new WeakMap();

function objDatum(id, o, lost, x, y, h, depth) {
  const isLost = lost.has(id) || !!o.lost;
  const reachable = depth.has(id);
  const kept = datums.get(o);
  if (kept && kept.id === id && kept.x === x && kept.y === y && kept.h === h && kept.lost === isLost && kept.reachable === reachable) return kept;
  const d = {
    id,
    x,
    y,
    h,
    color: o.color,
    freed: !!o.freed,
    lost: isLost,
    size: o.size,
    // what scanobject reads: nothing for an object without pointers (greyobject blackens it at once)
    noscan: !!o.noscan,
    scanBytes: o.scanBytes,
    fields: Object.entries(o.fields || {}),
    reachable,
    path: `heap.${id}`,
  };
  datums.set(o, d);
  return d;
}

function graphLayout(L, heap, depth, lost, gap) {
  const cols = new Map();
  for (const [id] of Object.entries(heap)) {
    const d = depth.get(id) ?? Infinity;
    if (!cols.has(d)) cols.set(d, []);
    cols.get(d).push(id);
  }
  const order = [...cols.keys()].sort((a, b) => a - b);
  let x = 10 + ROOT_W + gap;
  let bottom = 0;
  const pos = new Map();
  for (const d of order) {
    if (d === Infinity) {
      x += 14;
      L.unreachableX = x - 10;
    }
    // a tall column wraps into several, side by side, so the heap stays about as tall as the roots
    const ids = cols.get(d);
    for (let start = 0; start < ids.length; start += MAX_ROWS) {
      let y = 22;
      for (const id of ids.slice(start, start + MAX_ROWS)) {
        const o = heap[id];
        const h = HEAD_H + Math.max(1, Object.keys(o.fields || {}).length) * FIELD_H;
        const datum = objDatum(id, o, lost, x, y, h, depth);
        L.objs.push(datum);
        pos.set(id, datum);
        y += h + ROW_GAP;
      }
      bottom = Math.max(bottom, y);
      x += OBJ_W + (start + MAX_ROWS < ids.length ? 14 : gap);
    }
  }
  L.objsRight = x - gap + 10;
  L.objsBottom = bottom;
  // pointers: from a root slot or an object's field to the object's left edge
  for (const r of L.roots) {
    if (r.header || r.obj == null || !pos.has(String(r.obj))) continue;
    const to = pos.get(String(r.obj));
    L.edges.push({ id: `root:${r.id}`, key: `root:${r.id}`, from: r.id, to: to.id, d: curve(r.x + r.w, r.y + r.h / 2, to.x, to.y + 10), root: true });
  }
  for (const o of L.objs) {
    o.fields.forEach(([f, to], i) => {
      if (to == null || !pos.has(String(to))) return;
      const target = pos.get(String(to));
      const y1 = o.y + HEAD_H + i * FIELD_H + FIELD_H / 2;
      L.edges.push({ id: `${o.id}.${f}`, key: `${o.id}.${f}`, alt: `${o.id}>${to}`, from: o.id, to: target.id, d: curve(o.x + OBJ_W, y1, target.x, target.y + 10), dead: o.freed });
    });
  }
}

/** A heap too large for a readable graph: small cells in allocation order, pointers only when written. */
function gridLayout(L, heap, depth, lost) {
  const ids = Object.keys(heap);
  const perRow = Math.max(20, Math.min(64, Math.ceil(Math.sqrt(ids.length * 3))));
  const x0 = 10 + ROOT_W + COL_GAP;
  const pos = new Map();
  ids.forEach((id, k) => {
    const datum = objDatum(id, heap[id], lost, x0 + (k % perRow) * CELL, 22 + Math.floor(k / perRow) * CELL, CELL - 3, depth);
    L.objs.push(datum);
    pos.set(id, datum);
  });
  L.objsRight = x0 + perRow * CELL + 10;
  L.objsBottom = 22 + Math.ceil(ids.length / perRow) * CELL;
  L.gridPos = pos;
  for (const r of L.roots) {
    if (r.header || r.obj == null || !pos.has(String(r.obj))) continue;
    const to = pos.get(String(r.obj));
    L.edges.push({ id: `root:${r.id}`, key: `root:${r.id}`, from: r.id, to: to.id, d: curve(r.x + r.w, r.y + r.h / 2, to.x, to.y + CELL / 2), root: true });
  }
}

function curve(x1, y1, x2, y2) {
  if (x2 <= x1) {
    // a pointer back to an earlier column loops below
    const dy = Math.max(y1, y2) + 30;
    return `M${x1},${y1}C${x1 + 40},${dy} ${x2 - 40},${dy} ${x2},${y2}`;
  }
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}

/** The strip under the graph: grey queue, assist queue, workers, pacing. */
function strip(L, s, lang, y, width) {
  const gc = s.gc || {};
  const chips = (id, label, items, testid, path, cls) => {
    L.strip.push({ id, kind: 'row', label, y, testid, path, items: items.slice(0, 24).map(String), more: Math.max(0, items.length - 24), cls });
    y += 30;
  };
  const wb = gc.workbufs;
  chips('grey', `${t(lang, wb ? 'greyAll' : 'greyQueue')} · ${(gc.grey || []).length}`, gc.grey || [], 'grey-queue', 'gc.grey', 'obj');
  if (wb) {
    // per-P work buffers (mgcwork.go): each P's wbuf1 (taken from its end), its wbuf2 when it holds anything,
    // and the global list of full buffers, top first
    Object.entries(wb.p || {}).forEach(([p, b]) => {
      chips(`wbuf1-${p}`, `P${p} wbuf1 · ${(b.wbuf1 || []).length}`, b.wbuf1 || [], `workbuf-p${p}`, 'gc.workbufs', 'obj');
      if ((b.wbuf2 || []).length) chips(`wbuf2-${p}`, `P${p} wbuf2 · ${b.wbuf2.length}`, b.wbuf2, `workbuf2-p${p}`, 'gc.workbufs', 'obj');
    });
    chips('full', `${t(lang, 'workFull')} · ${(wb.full || []).length}`, (wb.full || []).map((b) => `[${b.join(' ')}]`), 'work-full', 'gc.workbufs', 'text');
  }
  chips('assist', `${t(lang, 'assistQueue')} · ${(gc.assistQueue || []).length}`, gc.assistQueue || [], 'assist-queue', 'gc.assistQueue', 'g');
  const workers = Object.entries(gc.workers || {}).map(([g, w]) => `G${g}${w.p != null ? `@P${w.p}` : ''}${w.mode ? ` ${t(lang, `mode_${w.mode}`)}` : ''}`);
  chips('workers', `${t(lang, 'workers')} · ${workers.length}`, workers, 'gc-workers', 'gc.workers', 'text');
  // while marking with a fractional goal: how much of each P's time since mark began the fractional worker took
  const u = gc.utilization;
  if (u && u.fractionalGoal > 0) {
    const pct = (f) => `${Math.round(f * 1000) / 10}%`;
    chips('share', `${t(lang, 'markShare')} · ${t(lang, 'markShareGoal')} ${pct(u.fractionalGoal)}`,
      (u.fractionalShare || []).map((f, p) => `P${p} ${pct(f)}`), 'mark-share', 'gc.utilization', 'text');
  }
  // assist debt (allocating during mark before doing the scan work that pays for it) and credit, and the
  // background workers' pool of credit that assists may take from
  const owed = Object.entries(s.g || {}).filter(([, g]) => g.assistBytes && g.status !== '_Gdead')
    .map(([id, g]) => `G${id} ${g.assistBytes < 0 ? '−' : '+'}${bytes(Math.abs(g.assistBytes))}`);
  if (owed.length || gc.bgScanCredit) {
    chips('credit', `${t(lang, 'assistCredit')} · ${t(lang, 'bgCredit')} ${bytes(gc.bgScanCredit || 0)}`, owed, 'assist-credit', 'gc.bgScanCredit', 'credit');
  }
  if ((gc.lost || []).length) chips('lost', `${t(lang, 'lostObjects')} · ${gc.lost.length}`, gc.lost, 'gc-lost', 'gc.lost', 'obj lost');
  // pacing: live heap against the goal, with the trigger marked
  const goal = gc.heapGoal || 0;
  const scale = Math.max(goal, gc.heapLive || 0, gc.trigger || 0, 1) * 1.1;
  y += 8;
  L.strip.push({
    id: 'pacer',
    kind: 'gauge',
    y,
    w: width - 200,
    live: (gc.heapLive || 0) / scale,
    marked: (gc.heapMarked || 0) / scale,
    goal: goal / scale,
    trigger: (gc.trigger || 0) / scale,
    labelY: 0,
    label: `${t(lang, 'heapLive')} ${bytes(gc.heapLive)} · ${t(lang, 'heapMarked')} ${bytes(gc.heapMarked)} · ${t(lang, 'heapGoal')} ${bytes(goal)}`
      + `${gc.trigger ? ` · ${t(lang, 'trigger')} ${bytes(gc.trigger)}` : ''}${gc.gogc != null ? ` · GOGC=${gc.gogc}` : ''}`,
  });
  const pacer = L.strip[L.strip.length - 1];
  pacer.need = labelWidth(pacer.label) + 30;
  return y + 40;
}

function labelWidth(s) {
  let n = 0;
  for (const ch of String(s)) n += ch.charCodeAt(0) > 0x2e80 ? 1.9 : 1;
  return n * 11 * 0.62;
}

export function bytes(n) {
  if (n == null) return '—';
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(2)}MB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(1)}KB`;
  return `${n}B`;
}

// ---------------------------------------------------------------- drawing

function drawFrame(layer, L) {
  const cols = [{ id: 'unreach', x: L.unreachableX }].filter((c) => c.x != null);
  layer.selectAll('line.unreachable').data(cols, (d) => d.id)
    .join('line').attr('class', 'unreachable')
    .attr('x1', (d) => d.x).attr('x2', (d) => d.x).attr('y1', 6).attr('y2', L.objsBottom);
}

function drawEdges(layer, data, fx, dur) {
  const sel = layer.selectAll('path.edge').data(data, (d) => d.key)
    .join(
      (enter) => enter.append('path').attr('opacity', 0).attr('d', (d) => d.d),
      (update) => update,
      (exit) => exit.transition().duration(dur).attr('opacity', 0).remove(),
    );
  const cls = (d) => `edge${d.root ? ' root' : ''}${d.dead ? ' dead' : ''}${fx.wbEdges.has(d.key) || fx.wbEdges.has(d.alt) ? ' wb-flash' : ''}`;
  changed(sel, (d) => `${cls(d)}|${d.key}`, '__cls')
    .attr('class', cls)
    .attr('data-testid', (d) => `edge-${d.key}`)
    .attr('marker-end', 'url(#heap-arrow)');
  sel.filter(function changed(d) {
    if (this.__d === d.d) return false;
    this.__d = d.d;
    return true;
  }).transition().duration(dur).attr('opacity', 1).attr('d', (d) => d.d);
}

/** The pointer a write barrier overwrote: drawn once more, dashed, fading away. */
function drawGhosts(layer, ghosts, L, dur) {
  const pos = new Map(L.objs.map((o) => [o.id, o]));
  const roots = new Map(L.roots.map((r) => [`root:${r.id}`, r]));
  const data = ghosts.map((g) => {
    const b = pos.get(String(g.to));
    if (!b) return null;
    const r = roots.get(String(g.from));
    if (r) return { ...g, d: curve(r.x + r.w, r.y + r.h / 2, b.x, b.y + 10) };
    const a = pos.get(String(g.from));
    if (!a || L.mode !== 'graph') return null;
    const i = Math.max(0, a.fields.findIndex(([f]) => f === g.field));
    return { ...g, d: curve(a.x + OBJ_W, a.y + HEAD_H + i * FIELD_H + FIELD_H / 2, b.x, b.y + 10) };
  }).filter(Boolean);
  layer.selectAll('path.ghost').data(data, (d) => d.id)
    .join((enter) => enter.append('path').attr('class', 'ghost').attr('data-testid', 'wb-old-pointer').attr('opacity', 1))
    .attr('d', (d) => d.d)
    .transition().duration(Math.max(dur * 3, 600)).attr('opacity', 0).remove();
}

function drawRoots(layer, data, lit, fx) {
  const sel = layer.selectAll('g.root').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('rx', 4);
      g.append('text');
      return g;
    });
  // a root is rewritten only when what it shows changed (a rewritten text is laid out again)
  const cls = (d) => `root ${d.header ? 'header' : d.group}${d.scan ?? ''}${lit.has(d.path) ? ' focus' : ''}${rootFlash(fx.roots, d) ? ' flash' : ''}`;
  changed(sel, (d) => `${cls(d)}|${d.testid}|${d.obj}`, '__cls')
    .attr('class', cls)
    .attr('data-scan', (d) => (d.scan ? d.scan.trim() : null))
    .attr('data-testid', (d) => d.testid ?? null)
    .attr('data-points-to', (d) => d.obj ?? null);
  changed(sel, (d) => `${d.x},${d.y},${d.w},${d.h}|${d.label}|${d.obj}`)
    .call((g) => g.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y)
      .attr('width', (d) => (d.header ? 0 : d.w)).attr('height', (d) => (d.header ? 0 : d.h)))
    .call((g) => g.select('text').attr('x', (d) => d.x + (d.header ? 0 : 7)).attr('y', (d) => d.y + (d.header ? 0 : 14))
      .text((d) => (d.header ? d.label : `${clip(d.label, 9)} → ${d.obj ?? 'nil'}`)));
}

function rootFlash(which, d) {
  if (!which || d.header) return false;
  if (which === true) return true;
  if (which === 'global') return d.group === 'global';
  return d.id.startsWith(`${which}:`);
}

const GLYPH = { white: '○', grey: '◐', black: '●' };

function objClass(d, lit, fx) {
  return `obj ${d.color}${d.freed ? ' freed' : ''}${d.lost ? ' lost' : ''}${!d.reachable ? ' unreachable' : ''}`
    + `${lit.has(d.path) ? ' focus' : ''}${fx && fx.shaded.has(d.id) ? ' shaded-now' : ''}${fx && fx.scanned.has(d.id) ? ' scanning' : ''}`;
}

// The grid's cells, drawn on a canvas: a few thousand SVG rects cost every frame's layout, paint and
// compositing walk even when one cell changes; a canvas repaints only the cells whose state changed. The
// fills and strokes are those of the graph's boxes (lab.css), kept here for the canvas.
const CELL_STYLE = {
  white: { fill: '#ffffff', stroke: '#334155', dash: [] },
  grey: { fill: '#a3aab5', stroke: '#1f2937', dash: [2, 1] },
  black: { fill: '#1f2937', stroke: '#000000', dash: [] },
  lost: { fill: '#fee2e2', stroke: '#c53030', dash: [] },
};
const FOCUS_STROKE = '#f59e0b';
const cellsMemory = new WeakMap();

/** The cells' memory of one heap view: the canvas, its scale, what each cell last showed, the cursor. */
function cellsOf(svgEl) {
  let mem = cellsMemory.get(svgEl);
  if (mem) return mem;
  mem = { scale: 0, drawn: new Map(), box: '', data: [], cursor: -1, lang: 'en' };
  cellsMemory.set(svgEl, mem);
  // the rendered size of the drawing, read when it changes (never in a frame): the canvas keeps one
  // device pixel per pixel on screen, so the cells stay sharp at any zoom
  mem.resize = new ResizeObserver(() => {
    mem.scale = 0;
    if (mem.redraw) mem.redraw();
  });
  mem.resize.observe(svgEl);
  return mem;
}

function renderScale(svgEl, L) {
  const w = svgEl.clientWidth;
  const h = svgEl.clientHeight;
  if (!w || !h) return 1;
  return Math.min(w / L.width, h / L.height) * (window.devicePixelRatio || 1);
}

/**
 * A heap too big for a graph: one cell per object on a canvas, in allocation
 * order; colour changes are the movement. The canvas is one image for
 * assistive technology, named by a count of each colour, and a keyboard
 * cursor walks the objects one by one (each read out: id, colour, size).
 */
function drawCells(svgEl, layer, data, lit, L, lang) {
  if (!data.length) {
    // a graph (or no heap): a grid shown before goes, with its cursor
    const was = cellsMemory.get(svgEl);
    if (was && was.box) {
      layer.selectAll('foreignObject.cells').remove();
      was.drawn.clear();
      was.data = [];
      was.box = '';
      was.cursor = -1;
      drawCursor(svgEl, was);
    }
    return;
  }
  const mem = cellsOf(svgEl);
  mem.lang = lang;
  const left = data[0].x;
  const top = data[0].y;
  const right = L.objsRight - 10;
  const bottom = L.objsBottom;
  let fo = layer.select('foreignObject.cells');
  if (fo.empty()) {
    fo = layer.append('foreignObject').attr('class', 'cells');
    const canvas = fo.append('xhtml:canvas').attr('class', 'heap-cells').attr('data-testid', 'heap-cells')
      .attr('tabindex', 0).attr('role', 'img');
    fo.append('xhtml:div').attr('class', 'sr-only').attr('aria-live', 'polite').attr('data-testid', 'heap-cell-said');
    canvas.on('keydown', (e) => moveCursor(e, svgEl, mem));
    canvas.on('blur', () => {
      mem.cursor = -1;
      drawCursor(svgEl, mem);
    });
  }
  const box = `${left},${top},${right - left},${bottom - top}`;
  const canvas = fo.select('canvas').node();
  if (mem.box !== box) {
    mem.box = box;
    mem.scale = 0;
    fo.attr('x', left - 2).attr('y', top - 2).attr('width', right - left + 4).attr('height', bottom - top + 4);
  }
  mem.data = data;
  mem.origin = { x: left - 2, y: top - 2, w: right - left + 4, h: bottom - top + 4 };
  mem.redraw = () => paintCells(canvas, svgEl, L, mem, lit, true);
  paintCells(canvas, svgEl, L, mem, lit, false);
  // what the tests and assistive technology read: counts of each state, and the objects' ids in order
  const c = { white: 0, grey: 0, black: 0, freed: 0, lost: 0 };
  for (const d of data) {
    if (d.lost) c.lost++;
    else if (d.freed) c.freed++;
    else c[d.color] = (c[d.color] || 0) + 1;
  }
  const counts = `${data.length}|${c.white}|${c.grey}|${c.black}|${c.freed}|${c.lost}|${lang}`;
  if (canvas.__counts !== counts) {
    canvas.__counts = counts;
    canvas.setAttribute('aria-label', t(lang, 'cellsSummary', data.length, c));
    canvas.setAttribute('data-objects', String(data.length));
    for (const k of Object.keys(c)) canvas.setAttribute(`data-${k}`, String(c[k]));
  }
  if (mem.cursor >= data.length) mem.cursor = data.length - 1;
  if (mem.cursor >= 0) drawCursor(svgEl, mem);
}

/** Paints the cells whose state changed since the canvas last showed them (all of them after a resize). */
function paintCells(canvas, svgEl, L, mem, lit, all) {
  const scale = mem.scale || renderScale(svgEl, L);
  const o = mem.origin;
  if (!o) return;
  const ctx = canvas.getContext('2d');
  if (!mem.scale || all) {
    mem.scale = scale;
    const w = Math.max(1, Math.round(o.w * scale));
    const h = Math.max(1, Math.round(o.h * scale));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.setTransform(scale, 0, 0, scale, -o.x * scale, -o.y * scale);
    ctx.clearRect(o.x, o.y, o.w, o.h);
    mem.drawn.clear();
  }
  for (const d of mem.data) {
    const focus = lit.has(d.path);
    const sig = `${d.color}|${d.freed}|${d.lost}|${focus}|${d.x},${d.y}`;
    if (mem.drawn.get(d.id) === sig) continue;
    mem.drawn.set(d.id, sig);
    paintCell(ctx, d, focus);
  }
}

function paintCell(ctx, d, focus) {
  const size = CELL - 3;
  const st = d.lost ? CELL_STYLE.lost : CELL_STYLE[d.color] ?? CELL_STYLE.white;
  ctx.clearRect(d.x - 1.5, d.y - 1.5, size + 3, size + 3);
  ctx.beginPath();
  ctx.roundRect(d.x, d.y, size, size, 2);
  ctx.globalAlpha = d.freed && !d.lost ? 0.3 : 1;
  ctx.fillStyle = st.fill;
  ctx.fill();
  ctx.globalAlpha = d.freed && !d.lost ? 0.4 : 1;
  ctx.setLineDash(d.freed && !d.lost ? [1, 1] : st.dash);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = focus ? FOCUS_STROKE : st.stroke;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Arrow keys walk the cells (a row is the grid's row), Home and End go to the first and the last. */
function moveCursor(e, svgEl, mem) {
  const n = mem.data.length;
  if (!n) return;
  const perRow = mem.data.length > 1 ? Math.max(1, mem.data.findIndex((d) => d.y !== mem.data[0].y)) : 1;
  const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow > 0 ? perRow : n, ArrowUp: -(perRow > 0 ? perRow : n) }[e.key];
  let next = mem.cursor;
  if (step != null) next = mem.cursor < 0 ? 0 : Math.max(0, Math.min(n - 1, mem.cursor + step));
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = n - 1;
  else return;
  // the player's own keys (→ steps the run) stay out of the grid while it has the focus
  e.preventDefault();
  e.stopPropagation();
  mem.cursor = next;
  drawCursor(svgEl, mem);
}

/** The cursor's ring on the grid, and the object under it read out. */
function drawCursor(svgEl, mem) {
  const d = mem.cursor >= 0 ? mem.data[mem.cursor] : null;
  d3.select(svgEl).select('g.layer-rings').selectAll('rect.cursor').data(d ? [d] : [])
    .join((enter) => enter.append('rect').attr('class', 'cursor').attr('rx', 3))
    .attr('x', (x) => x.x - 3).attr('y', (x) => x.y - 3).attr('width', CELL + 3).attr('height', CELL + 3);
  const said = d3.select(svgEl).select('[data-testid="heap-cell-said"]');
  if (!d) return;
  const extra = `${d.lost ? ` · ${t(mem.lang, 'cellLost')}` : d.freed ? ` · ${t(mem.lang, 'cellFreed')}` : ''}${!d.reachable && !d.freed ? ` · ${t(mem.lang, 'cellUnreachable')}` : ''}`;
  const text = t(mem.lang, 'cellOne', d.id, t(mem.lang, d.color), d.size ?? '?', extra);
  said.text(text).attr('data-object', d.id).attr('data-color', d.color);
}

/** Rings around the cells this frame shaded or scanned, fading out: the grid's flash. */
function drawRings(layer, data, fx, dur) {
  const hit = data.filter((d) => fx.shaded.has(d.id) || fx.scanned.has(d.id) || fx.lost.has(d.id));
  layer.selectAll('rect.ring').data(hit, (d) => d.id)
    .join((enter) => enter.append('rect').attr('class', 'ring').attr('rx', 3))
    .attr('x', (d) => d.x - 3).attr('y', (d) => d.y - 3).attr('width', CELL + 3).attr('height', CELL + 3)
    .attr('opacity', 1)
    .transition().duration(Math.max(dur * 2, 300)).attr('opacity', 0).remove();
}

function drawObjects(layer, data, lit, fx, dur) {
  const mode = 'graph';
  const sel = layer.selectAll('g.obj').data(data, (d) => d.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('opacity', 0).attr('transform', (d) => `translate(${d.x},${d.y + 12})`);
        g.append('rect').attr('class', 'o-box');
        g.append('rect').attr('class', 'o-inner');
        g.append('text').attr('class', 'o-id');
        g.append('text').attr('class', 'o-glyph');
        g.append('g').attr('class', 'o-fields');
        g.append('path').attr('class', 'o-cross');
        g.append('text').attr('class', 'o-lost');
        g.append('title');
        return g;
      },
      (update) => update,
      (exit) => exit.transition().duration(dur).attr('opacity', 0).remove(),
    );
  const w = mode === 'graph' ? OBJ_W : CELL - 3;
  const touched = sel.filter(function filter(d) {
    const flash = fx.shaded.has(d.id) || fx.scanned.has(d.id) || fx.freed.has(d.id) || fx.lost.has(d.id);
    const sig = `${d.color}|${d.freed}|${d.lost}|${d.h}|${d.fields.length}|${lit.has(d.path)}|${d.reachable}|${d.scanBytes}`;
    if (this.__sig === sig && !flash && !this.__flashed) return false;
    this.__sig = sig;
    this.__flashed = flash;
    return true;
  });
  touched
    .attr('data-testid', (d) => `obj-${d.id}`)
    .attr('data-color', (d) => d.color)
    .attr('data-freed', (d) => String(d.freed))
    .attr('data-lost', (d) => (d.lost ? 'true' : null))
    .attr('data-noscan', (d) => (d.noscan ? 'true' : null))
    .attr('class', (d) => objClass(d, lit, fx));
  touched.select('rect.o-box').attr('width', w).attr('height', (d) => d.h).attr('rx', mode === 'graph' ? 5 : 2);
  touched.select('rect.o-inner').attr('x', 3).attr('y', 3).attr('width', w - 6).attr('height', (d) => d.h - 6).attr('rx', 3);
  touched.select('text.o-id').attr('x', mode === 'graph' ? 7 : w / 2).attr('y', mode === 'graph' ? 14 : 10)
    .text((d) => (mode === 'graph' ? clip(d.id, 6) : ''));
  touched.select('text.o-glyph').attr('x', w - 6).attr('y', 14).text((d) => (mode === 'graph' ? GLYPH[d.color] ?? '' : ''));
  touched.select('text.o-lost').attr('x', 0).attr('y', (d) => d.h + 13).text((d) => (d.lost && mode === 'graph' ? 'LOST' : ''));
  touched.select('path.o-cross').attr('d', (d) => (d.freed || d.lost ? `M2,2L${w - 2},${d.h - 2}M${w - 2},2L2,${d.h - 2}` : ''));
  touched.select('title').text((d) => `${d.id} · ${d.color}${d.freed ? ' · freed' : ''}${d.lost ? ' · LOST: freed while still reachable' : ''} · ${d.size ?? '?'}B`
    + (d.noscan ? ' · no pointers: never scanned' : d.scanBytes != null ? ` · scanned up to its last pointer word: ${d.scanBytes}B` : ''));
  {
    touched.select('g.o-fields').each(function fields(d) {
      d3.select(this).selectAll('text').data(d.fields, (f) => f[0])
        .join('text')
        .attr('x', 7).attr('y', (f, i) => HEAD_H + i * FIELD_H + 11)
        .text(([f, to]) => `.${clip(f, 6)}${to == null ? ' nil' : ''}`);
    });
  }
  sel.filter(function moved(d) {
    const pos = `${d.x},${d.y}`;
    if (this.__pos === pos) return false;
    this.__pos = pos;
    return true;
  }).transition().duration(dur).attr('opacity', 1).attr('transform', (d) => `translate(${d.x},${d.y})`);
}

function drawStrip(layer, data, lit) {
  const rows = layer.selectAll('g.strip-row').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('text').attr('class', 'strip-label');
      g.append('g').attr('class', 'items');
      g.append('rect').attr('class', 'gauge-bg');
      g.append('rect').attr('class', 'gauge-marked');
      g.append('rect').attr('class', 'gauge-live');
      g.append('line').attr('class', 'gauge-goal');
      g.append('line').attr('class', 'gauge-trigger');
      return g;
    });
  // each row is rewritten only when what it shows changed: the queues change a chip or two a step
  changed(rows, (d) => `${d.kind} ${d.id}|${lit.has(d.path)}|${d.testid}|${d.items ? d.items.length + d.more : ''}|${d.y}`, '__row')
    .attr('class', (d) => `strip-row ${d.kind} ${d.id}${lit.has(d.path) ? ' focus' : ''}`)
    .attr('data-testid', (d) => d.testid ?? (d.kind === 'gauge' ? 'heap-pacer' : null))
    .attr('data-count', (d) => (d.items ? d.items.length + d.more : null))
    .attr('transform', (d) => `translate(10,${d.y})`);
  changed(rows, (d) => `${d.kind}|${d.label}`, '__label')
    .select('text.strip-label').attr('y', (d) => (d.kind === 'gauge' ? 0 : 14)).text((d) => d.label);
  changed(rows.filter((d) => d.kind === 'row'), (d) => `${d.label}|${d.items.join(' ')}|${d.more}|${d.cls}`, '__items')
    .select('g.items').each(function items(d) {
      const list = d.more ? [...d.items, `+${d.more}`] : d.items;
      const chip = d3.select(this).attr('transform', `translate(${Math.max(150, labelWidth(d.label) + 16)},0)`).selectAll('g.chip').data(list, (x) => x)
        .join((enter) => {
          const c = enter.append('g');
          c.append('rect').attr('rx', 4).attr('height', 20);
          c.append('text').attr('y', 14);
          return c;
        })
        .attr('class', (x) => `chip ${d.cls}`)
        .attr('data-testid', (x) => `${d.testid}-item-${x}`);
      let x = 0;
      chip.each(function place(v) {
        const wv = d.cls === 'text' || d.cls === 'credit' ? 8 + String(v).length * 7 : Math.max(26, 10 + String(v).length * 8);
        const at = `${x}|${wv}|${v}`;
        x += wv + 4;
        if (this.__at === at) return;
        this.__at = at;
        d3.select(this).attr('transform', `translate(${at.split('|')[0]},0)`)
          .call((c) => c.select('rect').attr('width', wv))
          .call((c) => c.select('text').attr('x', wv / 2).text(v));
      });
    });
  const g = changed(rows.filter((d) => d.kind === 'gauge'), (d) => `${d.w}|${d.marked}|${d.live}|${d.goal}|${d.trigger}`, '__gauge');
  g.select('rect.gauge-bg').attr('y', 8).attr('height', 14).attr('width', (d) => d.w);
  g.select('rect.gauge-marked').attr('y', 8).attr('height', 14).attr('width', (d) => d.w * Math.min(1, d.marked));
  g.select('rect.gauge-live').attr('y', 12).attr('height', 6).attr('width', (d) => d.w * Math.min(1, d.live));
  g.select('line.gauge-goal').attr('x1', (d) => d.w * d.goal).attr('x2', (d) => d.w * d.goal).attr('y1', 4).attr('y2', 26);
  g.select('line.gauge-trigger').attr('x1', (d) => d.w * d.trigger).attr('x2', (d) => d.w * d.trigger).attr('y1', 4).attr('y2', 26)
    .attr('opacity', (d) => (d.trigger ? 1 : 0));
}
