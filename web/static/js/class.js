// The player in a class (docs/classroom.md): a student's player follows the
// instructor's moments (?room=CODE), answers quizzes on this device, and may
// leave to explore and rejoin with one button; an instructor's player
// (?room=CODE&teach=1#key=KEY) drives the class: every moment it shows goes to
// the room, and a strip shows the code, who follows and the live tally. An
// assignment (?assignment=ID) records the first prediction at each quiz and the
// lesson's completion.

import { joinRoom, instructorRoom } from './classroom/room-client.js';
import { assignmentFromUrl, recordPrediction, recordCompletion } from './classroom/assignment-client.js';
import { renderTally } from './classroom/tally-chart.js';
import { t } from './i18n.js';
import { revealQuiz } from './views/narration.js';

const CODE = /^[A-Z0-9]{4,12}$/;

/**
 * Attaches the page to its class, if its address names one. player: {
 * lessonId, lang(), vm, send(msg), onLeave() }. Returns hooks the player calls:
 * moved() after each frame shown, willMove() before a learner's own move
 * (false: the move goes ahead), answered(index, choice) when a quiz is answered.
 */
export function attachClass(player) {
  const q = new URLSearchParams(location.search);
  const code = q.get('room')?.toUpperCase();
  let hooks = { moved() {}, willMove() { return true; }, answered() {} };
  if (code && CODE.test(code)) {
    const key = new URLSearchParams(location.hash.slice(1)).get('key');
    const strip = document.querySelector('[data-testid="class-strip"]');
    strip.hidden = false;
    document.body.dataset.room = code;
    const $ = (id) => strip.querySelector(`[data-testid="${id}"]`);
    $('class-code').textContent = code;
    hooks = q.get('teach') === '1' && key ? teach({ ...hooks }, player, code, key, strip, $) : follow({ ...hooks }, player, code, strip, $);
  }
  const assignment = assignmentFromUrl();
  return assignment ? withAssignment(hooks, player, assignment) : hooks;
}

/** Where the player is, as the room's position. */
function positionOf(player) {
  const f = player.vm.frame;
  return {
    lesson: player.lessonId,
    step: f.step,
    script: f.script?.index ?? 0,
    fork: f.history ?? null,
    switches: f.switches ?? null,
  };
}

function follow(hooks, player, code, strip, $) {
  document.body.dataset.classRole = 'student';
  let want = null; // the class's moment, while following
  const state = () => {
    strip.dataset.following = String(room.following);
    $('class-status').textContent = t(player.lang(), room.following ? 'classFollowing' : 'classExploring');
    $('rejoin').hidden = room.following;
  };
  const room = joinRoom(code, {
    onPosition: (p) => {
      if (!room.following) return;
      if (p.lesson && p.lesson !== player.lessonId) {
        // the instructor moved to another lesson: this page becomes that lesson's
        location.assign(`/lessons/${encodeURIComponent(p.lesson)}?room=${code}&lang=${player.lang()}`);
        return;
      }
      want = p;
      goTo(player, p);
    },
    onQuiz: (m) => {
      strip.dataset.quiz = m.quiz == null ? '' : String(m.quiz);
      strip.dataset.quizState = m.state ?? '';
    },
    onReveal: (m) => showReveal(strip, $, m, player),
    onStatus: (s) => {
      strip.dataset.connection = s;
      if (s === 'open') state();
    },
    onClosed: ({ reason }) => {
      strip.dataset.ended = reason;
      $('class-status').textContent = t(player.lang(), reason === 'full' ? 'classFull' : 'classEnded');
      $('rejoin').hidden = true;
    },
  });
  $('rejoin').addEventListener('click', () => {
    room.rejoin();
    state();
  });
  hooks.willMove = () => {
    // a student's own move: leave the class to explore; Rejoin brings the class's moment back
    if (room.following) {
      room.leave();
      want = null;
      state();
    }
    return true;
  };
  hooks.answered = (index, choice) => {
    room.answer(choice, index);
  };
  hooks.moved = () => {
    // a moment the class reached while the page was still loading: go there once the page is ready
    if (want && room.following && !sameMoment(player.vm.frame, want)) goTo(player, want);
  };
  state();
  return hooks;
}

function sameMoment(f, p) {
  return f && f.step === p.step && (f.script?.index ?? 0) === p.script && (f.history ?? null) === (p.fork ?? null);
}

/** Moves this player's own run to the class's moment. */
function goTo(player, p) {
  const f = player.vm.frame;
  if (!f || sameMoment(f, p)) return;
  if ((f.history ?? null) === (p.fork ?? null) && !p.fork) {
    player.send({ op: 'seek', step: p.step, script: p.script });
  } else {
    const msg = { op: 'load', lesson: player.lessonId, lang: player.lang(), patch: true, sequence: 24, sendOnce: true, step: p.step, script: p.script };
    if (p.fork) msg.history = p.fork;
    player.send(msg);
  }
}

function teach(hooks, player, code, key, strip, $) {
  document.body.dataset.classRole = 'instructor';
  strip.classList.add('teaching');
  const link = `${location.origin}/r/${code}`;
  $('class-link').textContent = link.replace(/^https?:\/\//, '');
  $('class-link').setAttribute('href', link);
  $('class-panel').setAttribute('href', `/r/${code}/teach#key=${encodeURIComponent(key)}`);
  let followers = 0;
  let answered = 0;
  const counts = () => {
    $('class-status').textContent = t(player.lang(), 'classTeaching', followers, answered);
  };
  const room = instructorRoom(code, key, {
    onFollowers: (n) => {
      followers = n;
      strip.dataset.followers = String(n);
      counts();
    },
    onTally: (m) => {
      answered = m.answered ?? 0;
      strip.dataset.answered = String(answered);
      counts();
      showTally(strip, $, m, player, null);
    },
    onQuiz: (m) => {
      strip.dataset.quiz = m.quiz == null ? '' : String(m.quiz);
      strip.dataset.quizState = m.state ?? '';
      $('reveal').hidden = m.state !== 'open';
      if (m.state !== 'revealed') $('tally').hidden = true;
      answered = 0;
      counts();
    },
    onReveal: (m) => showReveal(strip, $, m, player),
    onStatus: (s) => {
      strip.dataset.connection = s;
    },
    onClosed: ({ reason }) => {
      strip.dataset.ended = reason;
      $('class-status').textContent = t(player.lang(), 'classEnded');
    },
  });
  $('reveal').addEventListener('click', () => room.reveal());
  hooks.moved = () => {
    if (player.vm.frame && !player.vm.frame.sub) room.move(positionOf(player));
  };
  counts();
  return hooks;
}

function quizLabels(player, index) {
  const step = player.vm.lesson?.steps?.[index];
  return step?.quiz ? step.quiz.choices : [];
}

function showTally(strip, $, m, player, correct) {
  const labels = quizLabels(player, m.quiz);
  if (!labels.length) return;
  const svg = $('tally');
  svg.hidden = false;
  renderTally(svg, { labels, counts: m.counts ?? [], correct });
}

function showReveal(strip, $, m, player) {
  strip.dataset.quizState = 'revealed';
  $('reveal').hidden = true;
  showTally(strip, $, m, player, m.correct);
  revealQuiz(document.querySelector('[data-testid="narration"]'), player.vm, player.lang(), { index: m.quiz, counts: m.counts });
}

/** The hooks, and the assignment's records: the first prediction at each quiz, the lesson's completion. */
function withAssignment(hooks, player, assignment) {
  let completed = false;
  return {
    willMove: hooks.willMove,
    answered(index, choice) {
      hooks.answered(index, choice);
      recordPrediction(assignment, player.lessonId, index, choice).catch(() => {});
    },
    moved() {
      hooks.moved();
      recordIfDone();
    },
  };
  function recordIfDone() {
    const f = player.vm.frame;
    const n = player.vm.lesson?.steps?.length ?? 0;
    if (!completed && f && !f.sub && f.fork == null && n > 0 && f.script?.index === n && f.script.atEnd) {
      completed = true;
      recordCompletion(assignment, player.lessonId).catch(() => {});
    }
  }
}
