// A learner's progress through the lessons, kept in this browser only
// (localStorage; nothing is sent to the server). A lesson is "started" once it
// is shown past its introduction, and "done" once its last script step is
// reached; done stays done. The player records it, the catalogue shows it.

const KEY = 'goroutine-lab.progress';
let recorded = ''; // the last `${lesson}:${state}` written, so a frame that changes nothing reads nothing

/** Every lesson's progress: { [lessonId]: 'started' | 'done' }. */
export function readProgress() {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return all && typeof all === 'object' && !Array.isArray(all) ? all : {};
  } catch {
    return {}; // storage off, or a value this page did not write
  }
}

/**
 * Records where the learner is in a lesson, from the view model the player
 * shows: its script step and the lesson's length. A learner's own (forked) run
 * and the author page's previews are not the lesson, and count for nothing.
 */
export function recordProgress(lessonId, vm) {
  const lesson = vm.lesson;
  const script = vm.frame?.script;
  if (!lesson || !script || lesson.id !== lessonId || vm.frame.fork != null || lessonId.startsWith('preview-')) return;
  if (script.index < 1) return;
  const state = script.index >= lesson.steps.length ? 'done' : 'started';
  const key = `${lessonId}:${state}`;
  if (recorded === key) return;
  recorded = key;
  const all = readProgress();
  if (all[lessonId] === 'done' || all[lessonId] === state) return;
  all[lessonId] = state;
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // a browser that keeps nothing: the lab works the same, without progress
  }
}
