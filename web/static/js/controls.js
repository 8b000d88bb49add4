// The player's controls: buttons, play/pause with a speed, a scrubber over the
// whole run seen so far, the learner's own injections and switches, and the
// keyboard shortcuts listed in the help overlay (?). Each move is one protocol
// message; while playing, the next step is asked for only once the last frame
// has arrived and been shown, so a slow link slows the play instead of piling
// up messages. Every forward move passes the quiz's gate first: at the start of
// a script step with a quiz, the first forward move asks for a prediction.

import { t } from './i18n.js';
import { writeText as text } from './views/shared.js';

/** Playing speeds; 0 is "instant": a move shows its end at once, without its events in turn. */
export const SPEEDS = [1, 2, 4, 8, 16, 32, 64, 0];
const SPEED_KEY = 'goroutine-lab.speed';
const MAX_MESSAGES_PER_SECOND = 16;

/** How long one event is shown at a speed (ms): about a quarter of a second at the default 4×. */
export function eventMs(speed) {
  if (speed === 0) return 0;
  return Math.round(Math.max(40, Math.min(520, 1040 / Math.max(1, speed))));
}

/**
 * While playing, how long to wait before asking for the next step, once the
 * last one's frame has been shown: the steps are paced from when each was
 * asked, so a step whose events took their time on screen is followed at once
 * (16× plays sixteen one-event steps a second, not sixteen pauses plus the
 * events), and a step shown quickly waits out the rest of its interval.
 */
export function waitBeforeNextStep(speed, msSinceAsked) {
  const interval = 1000 / Math.min(speed || MAX_MESSAGES_PER_SECOND, MAX_MESSAGES_PER_SECOND);
  return Math.max(0, Math.round(interval - msSinceAsked));
}

export function createControls({ root, send, getVm, onForward, onLang, onProjector, onLegend, onChoice, onSkip, help }) {
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`) ?? document.querySelector(`[data-testid="${id}"]`);
  const el = {
    play: $('play'), speed: $('speed'), scrubber: $('scrubber'), scrubLabel: $('scrub-label'),
    back: $('back'), step: $('step'), next: $('next'), reset: $('reset'),
    signal: $('inject-signal'), gc: $('inject-gc'), fn: $('go-fn'), go: $('inject-go'),
    async: $('switch-async'), wb: $('switch-wb'), helpButton: $('help-button'), projector: $('projector-button'),
    backToLesson: $('back-to-lesson'), legend: $('legend-button'),
  };
  let playing = false;
  let speed = savedSpeed();
  let pending = 0;
  let timer = null;
  let askedAt = 0;
  let scrubbing = false;
  let helpReturn = null;

  function move(msg) {
    if (!send(msg)) return false;
    pending++;
    document.body.dataset.pending = String(pending);
    return true;
  }

  /** A forward move, once the quiz's gate lets it through. */
  const forward = (msg) => {
    if (onForward && !onForward()) return false;
    return move(msg);
  };

  const act = {
    step: () => forward({ op: 'step', n: 1 }),
    back: () => (getVm().frame?.step ?? 0) > 0 && move({ op: 'back', n: 1 }),
    next: () => {
      if (getVm().frame?.fork != null) return;
      forward({ op: 'next' });
    },
    lesson: () => {
      pause(false);
      move({ op: 'lesson' });
    },
    reset: () => {
      pause();
      move({ op: 'reset' });
    },
    end: () => {
      const f = getVm().frame;
      if (f && f.furthest > f.step) move({ op: 'seek', step: f.furthest });
    },
    play: () => (playing ? pause() : start()),
    faster: () => setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(speed) + 1)]),
    slower: () => setSpeed(SPEEDS[Math.max(0, SPEEDS.indexOf(speed) - 1)]),
  };

  function start() {
    if (getVm().frame?.ended) return;
    if (onForward && !onForward()) return;
    playing = true;
    render(getVm());
    tick(0);
  }

  function pause(redraw = true) {
    playing = false;
    clearTimeout(timer);
    timer = null;
    if (redraw) render(getVm());
  }

  function setSpeed(s) {
    speed = s;
    el.speed.value = String(s);
    try {
      localStorage.setItem(SPEED_KEY, String(s));
    } catch {
      // private mode: the speed is not remembered
    }
  }

  function savedSpeed() {
    try {
      const v = Number(localStorage.getItem(SPEED_KEY));
      return localStorage.getItem(SPEED_KEY) != null && SPEEDS.includes(v) ? v : 4;
    } catch {
      return 4;
    }
  }

  /** While playing: one step message per interval, and only when the previous frame has come back. */
  function tick(wait) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!playing) return;
      if (pending > 0) return; // the frame's arrival calls tick again
      const perMessage = Math.max(1, Math.round((speed || MAX_MESSAGES_PER_SECOND) / MAX_MESSAGES_PER_SECOND));
      askedAt = performance.now();
      if (!move({ op: 'step', n: perMessage })) pause();
    }, wait);
  }

  function interval() {
    return 1000 / Math.min(speed || MAX_MESSAGES_PER_SECOND, MAX_MESSAGES_PER_SECOND);
  }

  root.querySelectorAll('button[data-action]').forEach((b) => {
    b.addEventListener('click', () => act[b.dataset.action]?.());
  });
  el.speed.innerHTML = SPEEDS.map((s) => `<option value="${s}" ${s === 0 ? 'data-i18n="instant"' : ''}>${s === 0 ? t(document.body.dataset.lang || 'en', 'instant') : `${s}×`}</option>`).join('');
  el.speed.value = String(speed);
  el.speed.addEventListener('change', () => setSpeed(Number(el.speed.value)));

  el.scrubber.addEventListener('input', () => {
    scrubbing = true;
    el.scrubLabel.textContent = `#${el.scrubber.value}`;
  });
  el.scrubber.addEventListener('change', () => {
    const target = Number(el.scrubber.value);
    scrubbing = false;
    pause(false);
    move({ op: 'seek', step: target });
  });

  el.signal?.addEventListener('click', () => move({ op: 'inject', signal: 'SIGUSR1' }));
  el.gc?.addEventListener('click', () => move({ op: 'inject', gc: true }));
  el.go?.addEventListener('click', () => el.fn.value && move({ op: 'inject', go: el.fn.value }));
  // a switch restarts the run with it; the box keeps the learner's choice until the frame confirms it
  el.async?.addEventListener('change', () => {
    const on = el.async.checked;
    pause(false);
    move({ op: 'set', asyncPreemption: on });
  });
  el.wb?.addEventListener('change', () => {
    const on = el.wb.checked;
    pause(false);
    move({ op: 'set', writeBarrier: on });
  });
  el.helpButton?.addEventListener('click', () => toggleHelp());
  el.projector?.addEventListener('click', () => onProjector?.());
  el.legend?.addEventListener('click', () => onLegend?.());
  el.backToLesson?.addEventListener('click', () => act.lesson());
  help?.querySelector('[data-action="close-help"]')?.addEventListener('click', () => toggleHelp(false));
  help?.addEventListener('click', (e) => {
    if (e.target === help) toggleHelp(false);
  });

  function toggleHelp(show = help.hidden) {
    if (show) {
      // focus returns to where it was, or to the ? button when help was opened from the keyboard
      const active = document.activeElement;
      helpReturn = active && active !== document.body ? active : el.helpButton;
      help.hidden = false;
      help.querySelector('[data-action="close-help"]')?.focus();
    } else {
      help.hidden = true;
      (helpReturn ?? el.helpButton)?.focus?.();
    }
  }

  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const k = e.key;
    if (help && !help.hidden) {
      if (k === 'Escape' || k === '?') {
        e.preventDefault();
        toggleHelp(false);
      } else if (k === 'Tab') {
        trapFocus(e, help);
      }
      return;
    }
    const target = e.target;
    if (target.closest('input:not([type=range]):not([type=checkbox]), textarea, select')) return;
    if (target.closest('input[type=range], svg.timeline') && ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(k)) return;
    const onButton = !!target.closest('button, a, input[type=checkbox]');
    let fn = null;
    if (k === 'ArrowRight') fn = act.step;
    else if (k === 'ArrowLeft') fn = act.back;
    else if ((k === 'Enter' && !onButton) || k === 'n' || k === 'N') fn = act.next;
    else if (k === 'Home' || k === 'r' || k === 'R') fn = act.reset;
    else if ((k === ' ' && !onButton) || k === 'k' || k === 'K') fn = act.play;
    else if (k === '+' || k === '=') fn = act.faster;
    else if (k === '-' || k === '_') fn = act.slower;
    else if (k === 'End') fn = act.end;
    else if (k === '?') fn = () => toggleHelp(true);
    else if (k === 'p' || k === 'P') fn = () => onProjector?.();
    else if (k === 'g' || k === 'G') fn = () => onLegend?.();
    else if (k === 's' || k === 'S' || k === 'Escape') fn = () => onSkip?.();
    else if (k === 'l' || k === 'L') fn = () => onLang?.();
    else if (/^[1-9]$/.test(k)) fn = () => onChoice?.(Number(k) - 1);
    if (fn) {
      e.preventDefault();
      fn();
    }
  });

  function render(vm) {
    const f = vm.frame;
    const lang = document.body.dataset.lang || 'en';
    const open = vm.status === 'open';
    // each write only when the value changes: an unchanged control is not restyled
    text(el.play, t(lang, playing ? 'pause' : 'play'));
    attr(el.play, 'aria-pressed', String(playing));
    attr(el.play, 'data-playing', String(playing));
    if (document.body.dataset.playing !== String(playing)) document.body.dataset.playing = String(playing);
    const forked = f?.fork != null;
    const done = vm.lesson && f && (f.script?.index ?? 0) >= vm.lesson.steps.length;
    disable(el.back, !open || !f || f.step === 0);
    disable(el.step, !open || !f || !!f.ended);
    disable(el.play, !open || !f || (!!f.ended && !playing));
    disable(el.next, !open || !f || !!done || forked);
    attr(el.next, 'title', forked ? t(lang, 'nextForked') : t(lang, 'next'));
    disable(el.reset, !open || !f);
    disable(el.scrubber, !open);
    if (f) {
      if (!scrubbing) {
        const max = String(Math.max(f.furthest ?? f.step, f.step));
        attr(el.scrubber, 'max', max);
        if (el.scrubber.value !== String(f.step)) el.scrubber.value = String(f.step);
        attr(el.scrubber, 'aria-valuetext', `#${f.step} / ${max}`);
        text(el.scrubLabel, `#${f.step} / ${max}`);
      }
      if (el.async && el.async.checked !== (f.switches?.asyncPreemption !== false)) el.async.checked = f.switches?.asyncPreemption !== false;
      if (el.wb && el.wb.checked !== (f.switches?.writeBarrier !== false)) el.wb.checked = f.switches?.writeBarrier !== false;
    }
    if (vm.lesson && el.fn && el.fn.dataset.lesson !== vm.lesson.id) {
      el.fn.dataset.lesson = vm.lesson.id;
      const fns = Object.keys(vm.lesson.functions || {}).filter((n) => n !== 'main');
      el.fn.innerHTML = fns.map((n) => `<option value="${n}">${n}</option>`).join('');
      el.go.disabled = fns.length === 0;
      el.fn.disabled = fns.length === 0;
    }
  }

  return {
    render,
    /** A frame arrived: count it, and keep playing. */
    onFrame(vm) {
      pending = Math.max(0, pending - 1);
      document.body.dataset.pending = String(pending);
      if (playing && vm.frame?.ended) pause();
      else if (playing) tick(waitBeforeNextStep(speed, performance.now() - askedAt));
      render(vm);
    },
    onError(vm) {
      pending = Math.max(0, pending - 1);
      document.body.dataset.pending = String(pending);
      if (playing) pause();
      render(vm);
    },
    onReconnect() {
      pending = 0;
    },
    get playing() {
      return playing;
    },
    /** Moves sent whose frame has not come back yet. */
    get pending() {
      return pending;
    },
    /** How long one event is shown: the player shows a move's events one after another. */
    eventMs() {
      return eventMs(speed);
    },
    /** How long a move may animate: shorter than the time an event is shown. */
    maxDuration() {
      const each = speed === 0 ? 450 : eventMs(speed) * 0.9;
      return Math.min(each, playing ? interval() * 0.85 : Infinity);
    },
    pause,
  };
}

function attr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function disable(node, off) {
  if (node.disabled !== off) node.disabled = off;
}

function trapFocus(e, box) {
  const items = [...box.querySelectorAll('button, [href], input, select, [tabindex]:not([tabindex="-1"])')].filter((x) => !x.disabled);
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
