// The view model: the latest lesson outline and frame, applied from server
// messages. Views are pure functions of it; nothing is read back from the DOM.

export function createStore() {
  const listeners = [];
  const vm = {
    lesson: null,
    frame: null,
    state: null,
    events: [],
    log: [],
    error: null,
    status: 'connecting',
    pending: 0,
  };

  function emit(change) {
    for (const l of listeners) l(vm, change);
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
          vm.lesson = msg;
          vm.log = [];
          emit('lesson');
          break;
        case 'frame':
          vm.pending = Math.max(0, vm.pending - 1);
          vm.frame = msg;
          vm.state = msg.state;
          vm.events = msg.events || [];
          if (vm.events.length === 0 && msg.eventCount === 0) {
            // a jump (back, seek, reset): the log keeps only what is at or before this step
            vm.log = vm.log.filter((e) => e.step <= msg.step);
          }
          vm.log = vm.log.concat(vm.events).slice(-300);
          vm.error = null;
          emit('frame');
          break;
        case 'log':
          vm.log = msg.events || [];
          emit('log');
          break;
        case 'error':
          vm.pending = Math.max(0, vm.pending - 1);
          vm.error = msg;
          emit('error');
          break;
        default:
          break;
      }
    },
  };
}
