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
  const L = layoutHeap(s, opts.lang);
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
  drawCells(lay.cells, L.mode === 'grid' ? L.objs : [], lit);
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

export function layoutHeap(s, lang) {
  const heap = s.heap || {};
  const ids = Object.keys(heap);
  const mode = ids.length > GRAPH_LIMIT ? 'grid' : 'graph';
  const L = { mode, roots: [], objs: [], edges: [], strip: [], paths: ['gc.grey', 'gc.assistQueue', 'gc.workers', 'gc.lost'] };
  const lost = new Set((s.gc?.lost || []).map(String));
  const rootTargets = roots(L, s, lang);
  const depth = depths(heap, rootTargets);
  if (mode === 'graph') graphLayout(L, heap, depth, lost);
  else gridLayout(L, heap, depth, lost);
  const bottom = Math.max(L.rootsBottom, L.objsBottom) + 14;
  L.width = Math.max(L.objsRight + 20, 560);
  L.height = strip(L, s, lang, bottom, L.width);
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

function graphLayout(L, heap, depth, lost) {
  const cols = new Map();
  for (const [id] of Object.entries(heap)) {
    const d = depth.get(id) ?? Infinity;
    if (!cols.has(d)) cols.set(d, []);
    cols.get(d).push(id);
  }
  const order = [...cols.keys()].sort((a, b) => a - b);
  let x = 10 + ROOT_W + COL_GAP;
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
      x += OBJ_W + (start + MAX_ROWS < ids.length ? 14 : COL_GAP);
    }
  }
  L.objsRight = x - COL_GAP + 10;
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
  chips('grey', `${t(lang, 'greyQueue')} · ${(gc.grey || []).length}`, gc.grey || [], 'grey-queue', 'gc.grey', 'obj');
  chips('assist', `${t(lang, 'assistQueue')} · ${(gc.assistQueue || []).length}`, gc.assistQueue || [], 'assist-queue', 'gc.assistQueue', 'g');
  const workers = Object.entries(gc.workers || {}).map(([g, w]) => `G${g}${w.p != null ? `@P${w.p}` : ''}${w.mode ? ` ${t(lang, `mode_${w.mode}`)}` : ''}`);
  chips('workers', `${t(lang, 'workers')} · ${workers.length}`, workers, 'gc-workers', 'gc.workers', 'text');
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
    )
    .attr('class', (d) => `edge${d.root ? ' root' : ''}${d.dead ? ' dead' : ''}${fx.wbEdges.has(d.key) || fx.wbEdges.has(d.alt) ? ' wb-flash' : ''}`)
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
  layer.selectAll('g.root').data(data, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('rx', 4);
      g.append('text');
      return g;
    })
    .attr('class', (d) => `root ${d.header ? 'header' : d.group}${d.scan ?? ''}${lit.has(d.path) ? ' focus' : ''}${rootFlash(fx.roots, d) ? ' flash' : ''}`)
    .attr('data-scan', (d) => (d.scan ? d.scan.trim() : null))
    .attr('data-testid', (d) => d.testid ?? null)
    .attr('data-points-to', (d) => d.obj ?? null)
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

/**
 * A heap too big for a graph: one bare rect per object (a few thousand small
 * elements stay cheap to restyle and paint); colour changes are the movement.
 */
function drawCells(layer, data, lit) {
  const root = layer.node();
  const ids = data.length ? `${data.length}|${data[0].id}|${data[data.length - 1].id}` : '0';
  const sig = (d) => `${d.color}|${d.freed}|${d.lost}|${d.reachable}|${lit.has(d.path)}|${d.x},${d.y}`;
  const paint = (sel) => sel
    .attr('class', (d) => objClass(d, lit, null))
    .attr('data-color', (d) => d.color)
    .attr('data-freed', (d) => String(d.freed))
    .attr('data-lost', (d) => (d.lost ? 'true' : null))
    .attr('x', (d) => d.x).attr('y', (d) => d.y);
  if (root.__ids === ids) {
    // the same objects as last frame (objects are only ever added): the join is the one already made,
    // so only the cells whose state changed are rebound and restyled
    const changedNodes = [];
    for (const d of data) {
      const node = root.__byId.get(d.id);
      if (node.__data__ === d && node.__lit === lit.has(d.path)) continue; // the very datum drawn last frame
      node.__lit = lit.has(d.path);
      const s = sig(d);
      if (node.__sig !== s) {
        node.__sig = s;
        node.__data__ = d;
        changedNodes.push(node);
      }
    }
    if (changedNodes.length) paint(d3.selectAll(changedNodes));
    return;
  }
  const sel = layer.selectAll('rect.obj').data(data, (d) => d.id)
    .join((enter) => enter.append('rect')
      .attr('data-testid', (d) => `obj-${d.id}`)
      .attr('width', CELL - 3).attr('height', CELL - 3).attr('rx', 2));
  paint(changed(sel, sig));
  root.__ids = ids;
  root.__byId = new Map(sel.nodes().map((n) => [n.__data__.id, n]));
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
    })
    .attr('class', (d) => `strip-row ${d.kind} ${d.id}${lit.has(d.path) ? ' focus' : ''}`)
    .attr('data-testid', (d) => d.testid ?? (d.kind === 'gauge' ? 'heap-pacer' : null))
    .attr('data-count', (d) => (d.items ? d.items.length + d.more : null))
    .attr('transform', (d) => `translate(10,${d.y})`);
  rows.select('text.strip-label').attr('y', (d) => (d.kind === 'gauge' ? 0 : 14)).text((d) => d.label);
  rows.filter((d) => d.kind === 'row').select('g.items').each(function items(d) {
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
      d3.select(this).attr('transform', `translate(${x},0)`)
        .call((c) => c.select('rect').attr('width', wv))
        .call((c) => c.select('text').attr('x', wv / 2).text(v));
      x += wv + 4;
    });
  });
  const g = rows.filter((d) => d.kind === 'gauge');
  g.select('rect.gauge-bg').attr('y', 8).attr('height', 14).attr('width', (d) => d.w);
  g.select('rect.gauge-marked').attr('y', 8).attr('height', 14).attr('width', (d) => d.w * Math.min(1, d.marked));
  g.select('rect.gauge-live').attr('y', 12).attr('height', 6).attr('width', (d) => d.w * Math.min(1, d.live));
  g.select('line.gauge-goal').attr('x1', (d) => d.w * d.goal).attr('x2', (d) => d.w * d.goal).attr('y1', 4).attr('y2', 26);
  g.select('line.gauge-trigger').attr('x1', (d) => d.w * d.trigger).attr('x2', (d) => d.w * d.trigger).attr('y1', 4).attr('y2', 26)
    .attr('opacity', (d) => (d.trigger ? 1 : 0));
}
