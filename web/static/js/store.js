// The view model: the lesson outline and what the page shows now, applied from
// server messages, plus what the page has seen of the run so far (the trace the
// timeline draws). Views are pure functions of it; nothing is read back from
// the DOM.
//
// A frame may carry the state after each of its last events (`steps`): it is
// then cut into scenes, one event each, that the player shows in turn, so a
// chain of causes reads as a chain. The frame's own state (whole, or a patch
// against the last frame's) is always the end of the move.

import { createTrace, runKey } from './trace.js';
import { applyPatch } from './patch.js';

/** The Go snapshot and the interpreter snapshot inside a frame's state: where they are is the frame's model. */
export function sides(model, state) {
  if (!state) return { go: null, py: null };
  if (model === 'compare') return { go: state.go ?? null, py: state.cpython ?? null };
  if (model === 'cpython') return { go: null, py: state.cpython ?? null };
  return { go: state, py: null };
}

/**
 * A test may ask which paths of the state the views read: with window.__labReads
 * (a Set) present, the state's sides are seen through proxies that note every
 * path read ("go:p.*.runq", "py:threads.*.state"; numeric ids as *), so the test
 * can hold them to the snapshot's declared shape. Nothing changes otherwise.
 */
const watchedProxies = new WeakMap();
function watched(node, path, reads) {
  if (node === null || typeof node !== 'object') return node;
  let p = watchedProxies.get(node);
  if (p) return p;
  p = new Proxy(node, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof v === 'function') return v;
      if (Array.isArray(target)) return key === 'length' ? v : watched(v, path, reads);
      const seg = /^\d+$/.test(key) ? '*' : key;
      const here = path.endsWith(':') ? path + seg : `${path}.${seg}`;
      reads.add(here);
      return watched(v, here, reads);
    },
  });
  watchedProxies.set(node, p);
  return p;
}

/** The state paths the shown script step asks the views to highlight (none in the learner's own run). */
export function focusOf(lesson, frame) {
  const i = frame?.script?.index ?? 0;
  if (!lesson || !frame || i === 0 || frame.fork != null) return new Set();
  return new Set(lesson.steps[i - 1]?.focus ?? []);
}

export function createStore() {
  let runKeySeen = null;
  /** The state at the end of the last frame received: what the next patch applies to. */
  let base = null;
  const listeners = [];
  const trace = createTrace();
  const vm = {
    lesson: null,
    frame: null,
    prev: null,
    state: null,
    model: 'go',
    go: null,
    py: null,
    /** The events whose effects to show now: the one being shown in a sequence, or the frame's. */
    events: [],
    log: [],
    error: null,
    status: 'connecting',
    focus: new Set(),
    trace,
  };

  function emit(change) {
    for (const l of listeners) l(vm, change);
  }

  /**
   * The scenes of a frame: one per event it sequenced (its state, the events
   * up to it), then the frame's end. A frame without steps is one scene.
   */
  function scenes(msg) {
    const before = base;
    const state = msg.state ?? applyPatch(base ?? {}, msg.patch ?? []);
    base = state;
    const events = msg.events || [];
    const end = { frame: msg, state, events, shown: events };
    if (!msg.steps?.length || !before) return [end];
    const out = [];
    let st = before;
    let from = 0;
    for (const s of msg.steps) {
      // a step without a patch ends where the frame does
      st = s.patch ? applyPatch(st, s.patch) : state;
      const ev = events[s.event];
      if (!ev) continue;
      out.push({
        // inside the move: not yet where the next script step's quiz is asked
        frame: { ...msg, step: ev.step, time: ev.time, script: { ...msg.script, atEnd: false }, sub: true },
        state: st,
        events: events.slice(from, s.event + 1),
        shown: [ev],
        current: ev,
      });
      from = s.event + 1;
    }
    // the end: the state after the last event (the clock may have run on), still showing that event
    const lastShown = out.length ? out[out.length - 1].current : null;
    out.push({ ...end, events: events.slice(from), shown: lastShown ? [lastShown] : [], current: lastShown, last: true });
    return out;
  }

  /** Makes a scene what the page shows. */
  function show(scene, { quiet = false } = {}) {
    const msg = scene.frame;
    vm.prev = vm.frame;
    vm.frame = msg;
    vm.state = scene.state;
    vm.events = scene.shown;
    vm.current = scene.current ?? null;
    const s = sides(vm.model, scene.state);
    const reads = globalThis.__labReads;
    vm.go = reads && s.go ? watched(s.go, 'go:', reads) : s.go;
    vm.py = reads && s.py ? watched(s.py, 'py:', reads) : s.py;
    // The run is deterministic: after going back, the events ahead stay true (drawn as the future)
    // until the run itself changes (an injection or a switch), which forgets what came after this step.
    const key = runKey(msg);
    if (key !== runKeySeen) vm.log = vm.log.filter((e) => e.step <= msg.step);
    runKeySeen = key;
    if (scene.events.length) {
      const fresh = new Set(scene.events.map((e) => e.step));
      vm.log = vm.log.filter((e) => !fresh.has(e.step)).concat(scene.events).sort((a, b) => a.step - b.step).slice(-300);
    }
    vm.focus = focusOf(vm.lesson, msg);
    vm.error = null;
    trace.add(vm.prev, { ...msg, events: scene.events, eventCount: scene.events.length }, vm.go, vm.py);
    if (!quiet) emit('frame');
  }

  return {
    vm,
    subscribe(fn) {
      listeners.push(fn);
    },
    status(s) {
      vm.status = s;
      emit('status');
    },
    /** Takes in a message; a frame comes back as its scenes, for the player to show in turn. */
    receive(msg) {
      switch (msg.type) {
        case 'lesson':
          if (vm.lesson && vm.lesson.id !== msg.id) trace.clear();
          vm.lesson = msg;
          vm.model = msg.model || 'go';
          emit('lesson');
          return [];
        case 'frame':
          return scenes(msg);
        case 'log':
          // after a language switch: the server's recent events in the new language replace ours
          if ((msg.events || []).length) {
            const fresh = new Map(msg.events.map((e) => [e.step, e]));
            vm.log = vm.log.map((e) => fresh.get(e.step) ?? e);
          }
          emit('log');
          return [];
        case 'error':
          vm.error = msg;
          emit('error');
          return [];
        default:
          return [];
      }
    },
    show,
  };
}
