// The page's address keeps the lesson, step, language, the run's history token
// and the learner's switches, so a link (or a reconnect) reopens the same
// moment: ?lang=zh&step=57&h=<history>&async=0&wb=1, plus projector=1 and
// embed=1 for the page's modes.

export function readUrl(search = location.search) {
  const q = new URLSearchParams(search);
  const num = (k) => (q.has(k) && /^\d+$/.test(q.get(k)) ? Number(q.get(k)) : null);
  const flag = (k) => (q.get(k) === '1' ? true : q.get(k) === '0' ? false : null);
  return {
    lang: q.get('lang') === 'zh' ? 'zh' : q.get('lang') === 'en' ? 'en' : null,
    step: num('step'),
    history: q.get('h'),
    asyncPreemption: flag('async'),
    writeBarrier: flag('wb'),
    projector: q.get('projector') === '1',
    embed: q.get('embed') === '1',
  };
}

/** The load message that rebuilds the run a URL (or the last frame) describes. */
export function loadMessage(lesson, lang, at) {
  const msg = { op: 'load', lesson, lang, patch: true };
  if (at.history) msg.history = at.history;
  if (at.step != null && at.step > 0) msg.step = at.step;
  if (at.asyncPreemption != null) msg.asyncPreemption = at.asyncPreemption;
  if (at.writeBarrier != null) msg.writeBarrier = at.writeBarrier;
  return msg;
}

/** Writes the current moment into the address bar without adding a history entry. */
export function keepUrl(frame, { lang, projector }) {
  const u = new URL(location.href);
  u.searchParams.set('lang', lang);
  if (frame?.step) u.searchParams.set('step', frame.step);
  else u.searchParams.delete('step');
  const h = frame?.history;
  if (h && h !== '|') u.searchParams.set('h', h);
  else u.searchParams.delete('h');
  if (frame?.switches) {
    u.searchParams.set('async', frame.switches.asyncPreemption ? '1' : '0');
    u.searchParams.set('wb', frame.switches.writeBarrier ? '1' : '0');
  }
  if (projector) u.searchParams.set('projector', '1');
  else u.searchParams.delete('projector');
  history.replaceState(null, '', u);
}
