// The view model: the latest lesson outline and frame, applied from server
// messages, plus what the page has seen of the run so far (the trace the
// timeline draws). Views are pure functions of it; nothing is read back from
// the DOM.

import { createTrace, runKey } from './trace.js';
import { applyPatch } from './patch.js';

/** The Go snapshot and the interpreter snapshot inside a frame's state, whatever the lesson's model. */
export function sides(model, state) {
  if (!state) return { go: null, py: null };
  if (model === 'compare') return { go: state.go ?? null, py: state.cpython ?? null };
  if (model === 'cpython') {
    const py = state.cpython ?? (state.threads && state.gil ? state : null);
    return { go: null, py };
  }
  return { go: state.p ? state : null, py: state.cpython ?? null };
}

/** The state paths the current script step asks the views to highlight. */
export function focusOf(lesson, frame) {
  if (!lesson || !frame || !frame.script) return new Set();
  const step = lesson.steps[frame.script - 1];
  return new Set(step?.focus ?? []);
}

export function createStore() {
  let runKeySeen = null;
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

  function frame(msg) {
    if (msg.patch && !msg.state) {
      // a forward move of a large world: the changes against the state we hold
      msg.state = applyPatch(vm.state ?? {}, msg.patch);
    }
    vm.prev = vm.frame;
    vm.frame = msg;
    vm.state = msg.state;
    vm.events = msg.events || [];
    const s = sides(vm.model, msg.state);
    vm.go = s.go;
    vm.py = s.py;
    // The run is deterministic: after going back, the events ahead stay true (drawn as the future)
    // until the run itself changes (an injection or a switch), which forgets what came after this step.
    const key = runKey(msg);
    if (key !== runKeySeen) vm.log = vm.log.filter((e) => e.step <= msg.step);
    runKeySeen = key;
    if (vm.events.length) {
      const fresh = new Set(vm.events.map((e) => e.step));
      vm.log = vm.log.filter((e) => !fresh.has(e.step)).concat(vm.events).sort((a, b) => a.step - b.step).slice(-300);
    }
    vm.focus = focusOf(vm.lesson, msg);
    vm.error = null;
    trace.add(vm.prev, msg, vm.go, vm.py);
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
    apply(msg) {
      switch (msg.type) {
        case 'lesson':
          if (vm.lesson && vm.lesson.id !== msg.id) trace.clear();
          vm.lesson = msg;
          vm.model = msg.model || 'go';
          emit('lesson');
          break;
        case 'frame':
          frame(msg);
          emit('frame');
          break;
        case 'log':
          // after a language switch: the server's recent events in the new language replace ours
          if ((msg.events || []).length) {
            const fresh = new Map(msg.events.map((e) => [e.step, e]));
            vm.log = vm.log.map((e) => fresh.get(e.step) ?? e);
          }
          emit('log');
          break;
        case 'error':
          vm.error = msg;
          emit('error');
          break;
        default:
          break;
      }
    },
  };
}
