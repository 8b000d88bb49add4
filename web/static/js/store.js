// The view model: the latest lesson outline and frame, applied from server
// messages, plus what the page has seen of the run so far (the trace the
// timeline draws). Views are pure functions of it; nothing is read back from
// the DOM.

import { createTrace } from './trace.js';

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
    vm.prev = vm.frame;
    vm.frame = msg;
    vm.state = msg.state;
    vm.events = msg.events || [];
    const s = sides(vm.model, msg.state);
    vm.go = s.go;
    vm.py = s.py;
    const jumped = vm.events.length === 0 && !msg.eventCount;
    if (jumped) {
      // a jump (load, back, seek, reset, lang): the log keeps only what is at or before this step
      vm.log = vm.log.filter((e) => e.step <= msg.step);
    }
    vm.log = vm.log.concat(vm.events).slice(-300);
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
          vm.log = msg.events || [];
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
