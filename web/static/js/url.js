// The page's address keeps the moment shown, so a link (or a reconnect)
// reopens it: ?lang=zh&step=57 is the lesson's own run at runtime step 57 with
// its narration (&script=K picks among script steps that end at one step);
// &h=<token> carries a run the learner changed. projector=1, embed=1 and
// author=1 are the page's modes. (Links from earlier versions kept the switches
// apart, as async=0 and wb=1: they are still read.)

export function readUrl(search = location.search) {
  const q = new URLSearchParams(search);
  const num = (k) => (q.has(k) && /^\d{1,12}$/.test(q.get(k)) ? Number(q.get(k)) : null);
  const flag = (k) => (q.get(k) === '1' ? true : q.get(k) === '0' ? false : null);
  return {
    lang: q.get('lang') === 'zh' ? 'zh' : q.get('lang') === 'en' ? 'en' : null,
    step: num('step'),
    script: num('script'),
    history: q.get('h'),
    asyncPreemption: flag('async'),
    writeBarrier: flag('wb'),
    projector: q.get('projector') === '1',
    embed: q.get('embed') === '1',
    author: q.get('author') === '1',
  };
}

/** The load message that reopens the moment a URL (or the last frame) describes. */
export function loadMessage(lesson, lang, at, { author = false } = {}) {
  const msg = { op: 'load', lesson, lang, patch: true, sequence: 24, sendOnce: true };
  if (author) msg.author = true;
  if (at.history) msg.history = at.history;
  if (at.step != null && at.step > 0) msg.step = at.step;
  if (at.script != null) msg.script = at.script;
  if (!at.history && at.asyncPreemption != null) msg.asyncPreemption = at.asyncPreemption;
  if (!at.history && at.writeBarrier != null) msg.writeBarrier = at.writeBarrier;
  return msg;
}

/** Writes the current moment into the address bar without adding a history entry. */
export function keepUrl(frame, { lang, projector }) {
  const u = new URL(location.href);
  u.searchParams.set('lang', lang);
  if (frame?.step) u.searchParams.set('step', frame.step);
  else u.searchParams.delete('step');
  // the script step only where the step alone would show another one (script steps that run nothing)
  const sc = frame?.script;
  if (sc && frame.fork == null && sc.index > 0 && sc.end === frame.step && sc.start === frame.step) u.searchParams.set('script', sc.index);
  else u.searchParams.delete('script');
  if (frame?.history) u.searchParams.set('h', frame.history);
  else u.searchParams.delete('h');
  u.searchParams.delete('async');
  u.searchParams.delete('wb');
  if (projector) u.searchParams.set('projector', '1');
  else u.searchParams.delete('projector');
  history.replaceState(null, '', u);
}
