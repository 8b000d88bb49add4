// Records a student's coursework from the lesson player: open a lesson with
// ?assignment=ID and call these. Only the first prediction at each quiz and
// the first completion of each lesson are kept; later calls answer
// { recorded: false }. A browser that has not joined the assignment (no
// display name yet) gets an Error with code 'not_joined'.

import { call } from './api.js';
import { browserToken } from './identity.js';

/** The assignment id in the page's address (?assignment=...), or null. */
export function assignmentFromUrl(search = location.search) {
  const a = new URLSearchParams(search).get('assignment');
  return a && /^[A-Za-z0-9_-]{10,16}$/.test(a) ? a : null;
}

/** The first prediction at the quiz of script step `quiz` of `lesson`: choice index from 0. */
export function recordPrediction(assignment, lesson, quiz, choice) {
  return call('POST', `/api/assignments/${assignment}/records`, {
    token: browserToken(), body: { lesson, kind: 'prediction', quiz, choice },
  });
}

/** The lesson was played to its end. */
export function recordCompletion(assignment, lesson) {
  return call('POST', `/api/assignments/${assignment}/records`, {
    token: browserToken(), body: { lesson, kind: 'completion' },
  });
}
