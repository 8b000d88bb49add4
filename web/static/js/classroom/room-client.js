// A live class over the room's WebSocket (/ws/room/CODE), for any page: the
// student's follower page, the instructor's panel, and the lesson player in
// follow mode. See docs/classroom.md ("Room protocol") for every message.
//
//   const room = joinRoom('K7WQ2M', { onPosition, onQuiz, onReveal, onStatus, onClosed, ... });
//   room.answer(1);            // choice 1 of the open quiz (the first answer stands)
//   room.leave(); room.rejoin(); room.close();
//
//   const teach = instructorRoom('K7WQ2M', key, { onTally, onFollowers, ... });
//   teach.move({ lesson, step, script, fork, switches });
//   teach.openQuiz(2); teach.reveal(); teach.close();
//
// The socket reconnects by itself (a server restart, a replica going away) and
// says hello again; the server then sends the current moment, so a page never
// needs to ask. Messages older than one already seen (by seq) are dropped.

import { browserToken } from './identity.js';

/** Close codes after which reconnecting cannot help. */
const FINAL = { 4403: 'forbidden', 4404: 'no_room', 4409: 'full', 4410: 'expired' };

function open(code, hello, handlers) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/room/${encodeURIComponent(code)}`;
  const state = { ws: null, seq: 0, closed: false, delay: 250, timer: null, quiz: null, quizState: null, welcome: null };

  function status(s) {
    handlers.onStatus?.(s);
  }

  function connect() {
    state.timer = null;
    status('connecting');
    const ws = new WebSocket(url);
    state.ws = ws;
    ws.addEventListener('open', () => {
      state.delay = 250;
      ws.send(JSON.stringify(hello()));
    });
    ws.addEventListener('message', (e) => {
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      receive(m);
    });
    ws.addEventListener('close', (e) => {
      if (state.ws !== ws) return;
      state.ws = null;
      if (state.closed) return;
      if (FINAL[e.code]) {
        state.closed = true;
        status('closed');
        handlers.onClosed?.({ reason: FINAL[e.code] });
        return;
      }
      status('reconnecting');
      const wait = e.code === 1012 ? 300 : state.delay;
      state.delay = Math.min(state.delay * 2, 8000);
      state.timer = setTimeout(connect, wait + Math.random() * wait * 0.3);
    });
  }

  function fresh(m) {
    if (typeof m.seq !== 'number') return true;
    if (m.seq < state.seq) return false;
    state.seq = m.seq;
    return true;
  }

  function receive(m) {
    switch (m.type) {
      case 'welcome':
        state.welcome = m;
        status('open');
        handlers.onWelcome?.(m);
        break;
      case 'position':
        if (fresh(m)) handlers.onPosition?.(m.position, m);
        break;
      case 'quiz':
        if (fresh(m)) {
          state.quiz = m.quiz;
          state.quizState = m.state;
          handlers.onQuiz?.(m);
        }
        break;
      case 'tally':
        handlers.onTally?.(m);
        break;
      case 'reveal':
        handlers.onReveal?.(m);
        break;
      case 'followers':
        handlers.onFollowers?.(m.count);
        break;
      case 'answered':
        handlers.onAnswered?.(m);
        break;
      case 'closed':
        state.closed = true;
        status('closed');
        handlers.onClosed?.({ reason: m.reason || 'expired' });
        break;
      case 'error':
        handlers.onError?.(m);
        break;
      default:
        break;
    }
  }

  function send(obj) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  connect();
  return {
    state,
    send,
    close() {
      state.closed = true;
      if (state.timer) clearTimeout(state.timer);
      state.ws?.close(1000);
    },
  };
}

/**
 * Joins a room as a student. handlers: onPosition(position, msg), onQuiz(msg),
 * onReveal(msg), onAnswered(msg), onWelcome(msg), onStatus('connecting' |
 * 'open' | 'reconnecting' | 'closed'), onClosed({reason}), onError(msg).
 * Returns { answer(choice, quiz?), leave(), rejoin(), following, close() }.
 */
export function joinRoom(code, handlers = {}, { token = browserToken(), follow = true } = {}) {
  let following = follow;
  const conn = open(code, () => ({ type: 'hello', student: token, follow: following }), handlers);
  return {
    /** Answers the open quiz (or the given one) with choice i; the server replies with onAnswered. */
    answer(i, quiz = conn.state.quiz) {
      return conn.send({ type: 'answer', quiz, choice: i });
    },
    /** Stops following: positions are no longer sent here (quizzes still are). */
    leave() {
      following = false;
      conn.send({ type: 'follow', on: false });
    },
    /** Follows again: the server answers with the current position and quiz. */
    rejoin() {
      following = true;
      conn.send({ type: 'follow', on: true });
    },
    get following() {
      return following;
    },
    get quiz() {
      return { quiz: conn.state.quiz, state: conn.state.quizState };
    },
    close: conn.close,
  };
}

/**
 * Drives a room with its key. handlers as for joinRoom, plus onTally(msg) and
 * onFollowers(count). Returns { move(position), openQuiz(i), reveal(), close() }.
 * move() sends at most one position every 50 ms (the latest wins), so
 * scrubbing does not flood the class.
 */
export function instructorRoom(code, key, handlers = {}) {
  const conn = open(code, () => ({ type: 'hello', key }), handlers);
  let pending = null;
  let timer = null;
  function flush() {
    timer = null;
    if (pending) {
      conn.send({ type: 'move', position: pending });
      pending = null;
      timer = setTimeout(flush, 50);
    }
  }
  return {
    move(position) {
      pending = position;
      if (!timer) flush();
    },
    /** Opens the quiz of script step i (null closes the open one). */
    openQuiz(i) {
      return conn.send({ type: 'quiz', quiz: i });
    },
    reveal() {
      return conn.send({ type: 'reveal' });
    },
    close: conn.close,
  };
}
