// What the page has seen of the run, for the timeline: which goroutine each P
// ran (or each interpreter thread did) over simulated time, the GC phases,
// stop-the-world and system calls. Built from the frames and their events as
// they arrive; a jump (back, seek, a reopened link) only brings a state, so the
// steps in between stay unknown until the learner plays through them.
//
// A lane is a list of change points {step, time, v}: v holds from that step
// until the next point. `known` lists the step intervals seen without a gap;
// segments are only drawn inside them. The run is deterministic, so what was
// seen stays true when the learner goes back; when the run itself changes (an
// injection, a switch), everything after the current step is forgotten.

const MAX_TICKS = 300000;

/** What identifies one run: the lesson's own, or the learner's (its token changes with every injection or switch). */
export function runKey(frame) {
  return frame.history ?? 'lesson';
}

export function createTrace() {
  let lanes = new Map(); // id -> {id, kind, order, points: [{step, time, v}]}
  let ticksStep = [];
  let ticksTime = [];
  let known = []; // sorted, merged [fromStep, toStep]
  let key = null;
  let version = 0;

  function lane(id, kind, order) {
    let l = lanes.get(id);
    if (!l) {
      l = { id, kind, order, points: [] };
      lanes.set(id, l);
    }
    return l;
  }

  function find(arr, step, get) {
    // index of the last element with get(el) <= step, or -1
    let lo = 0;
    let hi = arr.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (get(arr[mid]) <= step) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Records the time of a step; the frame's own time wins over its last event's (the clock may run on silently). */
  function tick(step, time, frameTime = false) {
    const i = find(ticksStep, step, (x) => x);
    if (i >= 0 && ticksStep[i] === step) {
      if (frameTime && ticksTime[i] !== time) {
        ticksTime[i] = time;
        version++;
      }
      return;
    }
    ticksStep.splice(i + 1, 0, step);
    ticksTime.splice(i + 1, 0, time);
    if (ticksStep.length > MAX_TICKS) thin();
  }

  function thin() {
    const half = ticksStep.length >> 1;
    const keepS = [];
    const keepT = [];
    for (let i = 0; i < ticksStep.length; i++) {
      if (i >= half || i % 2 === 0) {
        keepS.push(ticksStep[i]);
        keepT.push(ticksTime[i]);
      }
    }
    ticksStep = keepS;
    ticksTime = keepT;
  }

  function set(id, kind, order, step, time, v) {
    const l = lane(id, kind, order);
    const i = find(l.points, step, (p) => p.step);
    const here = i >= 0 ? l.points[i] : null;
    if (here && here.step === step) {
      if (here.v !== v) {
        here.v = v;
        version++;
      }
      return;
    }
    if ((here ? here.v : null) === v) return;
    l.points.splice(i + 1, 0, { step, time, v });
    version++;
  }

  function isKnown(step) {
    const i = find(known, step, (k) => k[0]);
    return i >= 0 && known[i][1] >= step;
  }

  function cover(a, b) {
    const next = [];
    let cur = [a, b];
    for (const k of known) {
      if (k[1] < cur[0] - 1 || k[0] > cur[1] + 1) next.push(k);
      else cur = [Math.min(cur[0], k[0]), Math.max(cur[1], k[1])];
    }
    next.push(cur);
    next.sort((x, y) => x[0] - y[0]);
    known = next;
    version++;
  }

  function truncateAfter(step) {
    for (const l of lanes.values()) l.points = l.points.filter((p) => p.step <= step);
    const i = find(ticksStep, step, (x) => x);
    ticksStep = ticksStep.slice(0, i + 1);
    ticksTime = ticksTime.slice(0, i + 1);
    known = known.filter((k) => k[0] <= step).map((k) => [k[0], Math.min(k[1], step)]);
    version++;
  }

  /** The lane values a snapshot shows (authoritative). */
  function fromState(step, time, go, py) {
    if (go) {
      const ps = Object.entries(go.p || {});
      for (const [id, p] of ps) {
        const m = p.m != null ? go.m[String(p.m)] : null;
        const g = p.status === '_Prunning' && m && m.curg != null && go.g[String(m.curg)]?.status === '_Grunning' ? m.curg : null;
        set(`P${id}`, 'p', Number(id), step, time, g);
      }
      for (const [id, m] of Object.entries(go.m || {})) {
        if (id === 'sysmon') continue;
        const v = m.state === 'syscall' && m.curg != null ? m.curg : null;
        if (v != null || lanes.has(`M${id}`)) set(`M${id}`, 'sys', Number(id), step, time, v);
      }
      const gc = go.gc;
      const phase = gc && gc.phase && gc.phase !== '_GCoff' ? gc.phase : null;
      if (phase != null || lanes.has('gc')) set('gc', 'gc', 0, step, time, phase);
      const stw = go.sched?.stw ? (gc?.stwReason || 'stw') : null;
      if (stw != null || lanes.has('stw')) set('stw', 'stw', 0, step, time, stw);
    }
    if (py) {
      for (const [id, th] of Object.entries(py.threads || {})) {
        set(`T${id}`, 'thread', Number(id), step, time, th.state === 'exited' ? null : th.state);
      }
    }
  }

  /** What one event tells about the lanes, from the roles the server gave it (refined by the state at the frame's end). */
  function fromEvent(e) {
    for (const role of e.trace || []) {
      if (role.startsWith('thread:')) {
        if (e.thread != null) set(`T${e.thread}`, 'thread', e.thread, e.step, e.time, role.slice(7) || null);
        continue;
      }
      switch (role) {
        case 'run': if (e.p != null) set(`P${e.p}`, 'p', e.p, e.step, e.time, e.g); break;
        case 'leave': if (e.p != null) set(`P${e.p}`, 'p', e.p, e.step, e.time, null); break;
        case 'syscall': if (e.m != null) set(`M${e.m}`, 'sys', e.m, e.step, e.time, e.g); break;
        case 'sysret':
          if (e.m != null && lanes.has(`M${e.m}`)) set(`M${e.m}`, 'sys', e.m, e.step, e.time, null);
          if (e.p != null) set(`P${e.p}`, 'p', e.p, e.step, e.time, e.g);
          break;
        case 'stw': if (valueAt('stw', e.step) == null) set('stw', 'stw', 0, e.step, e.time, e.reason || 'stw'); break;
        case 'world':
          if (lanes.has('stw')) set('stw', 'stw', 0, e.step, e.time, null);
          if (valueAt('gc', e.step) === '_GCmarktermination') set('gc', 'gc', 0, e.step, e.time, null);
          break;
        // the GC phase: marking from the first mark work after gcStart, then mark termination
        case 'mark': if (valueAt('gc', e.step) == null) set('gc', 'gc', 0, e.step, e.time, '_GCmark'); break;
        case 'markterm': set('gc', 'gc', 0, e.step, e.time, '_GCmarktermination'); break;
        default: break;
      }
    }
  }

  function valueAt(id, step) {
    const l = lanes.get(id);
    if (!l) return null;
    const i = find(l.points, step, (p) => p.step);
    return i >= 0 ? l.points[i].v : null;
  }

  return {
    get version() {
      return version;
    },
    clear() {
      lanes = new Map();
      ticksStep = [];
      ticksTime = [];
      known = [];
      key = null;
      version++;
    },
    /** Takes in one frame: prev is the frame before it (or null), go/py its two sides. */
    add(prev, frame, go, py) {
      const k = runKey(frame);
      if (key !== null && k !== key) truncateAfter(frame.step);
      key = k;
      const events = frame.events || [];
      const contiguous = prev && events.length > 0 && frame.eventCount === events.length
        && events[0].step === prev.step + 1 && isKnown(prev.step);
      if (contiguous) {
        for (const e of events) {
          tick(e.step, e.time);
          fromEvent(e);
        }
        cover(prev.step, frame.step);
      } else {
        for (const e of events) tick(e.step, e.time);
        cover(frame.step, frame.step);
      }
      tick(frame.step, frame.time, true);
      fromState(frame.step, frame.time, go, py);
    },
    /** The lanes in drawing order, each with its segments clipped to what is known. */
    lanes() {
      const order = { p: 0, thread: 1, sys: 2, gc: 3, stw: 4 };
      return [...lanes.values()]
        .sort((a, b) => order[a.kind] - order[b.kind] || a.order - b.order)
        .map((l) => ({ id: l.id, kind: l.kind, segments: segments(l) }));
    },
    /** The known step intervals with their times. */
    known() {
      return known.map(([a, b]) => ({ fromStep: a, toStep: b, from: timeOf(a), to: timeOf(b) }));
    },
    timeOf,
    /** The last known step at or before simulated time t (for seeking from the timeline). */
    stepAt(t) {
      const i = find(ticksTime, t, (x) => x);
      return i < 0 ? (ticksStep[0] ?? 0) : ticksStep[i];
    },
    maxTime() {
      return ticksTime.length ? ticksTime[ticksTime.length - 1] : 0;
    },
  };

  function timeOf(step) {
    const i = find(ticksStep, step, (x) => x);
    return i < 0 ? 0 : ticksTime[i];
  }

  function segments(l) {
    const out = [];
    for (const [a, b] of known) {
      let i = find(l.points, a, (p) => p.step);
      let v = i >= 0 ? l.points[i].v : null;
      let from = timeOf(a);
      let fromStep = a;
      for (i += 1; i < l.points.length && l.points[i].step <= b; i++) {
        const p = l.points[i];
        if (p.v !== v) {
          if (v != null) out.push({ v, fromStep, toStep: p.step, from, to: p.time });
          v = p.v;
          from = p.time;
          fromStep = p.step;
        }
      }
      if (v != null) out.push({ v, fromStep, toStep: b, from, to: timeOf(b), open: true });
    }
    return out;
  }
}
