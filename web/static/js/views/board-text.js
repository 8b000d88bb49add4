// The board in words, for screen readers (the SVG's description): the global
// queue, then P by P what it runs and what waits in its queues, the threads
// without a P, the waiting goroutines, and for the interpreter who holds the GIL.

import { t } from '../i18n.js';
import { time } from '../text.js';

// a long queue is read as its first goroutines and a count of the rest, as the board draws it ("+n"):
// a thousand names are of no use to a listener, and rewriting them every step is most of a frame's work
const LISTED = 24;
const gs = (ids, lang) => {
  if (!ids || !ids.length) return t(lang, 'none');
  const named = ids.slice(0, LISTED).map((g) => `G${g}`).join(', ');
  return ids.length > LISTED ? `${named} +${ids.length - LISTED}` : named;
};

export function describeBoard(vm, lang) {
  const out = [];
  const s = vm.go;
  if (s && s.p) {
    out.push(`${t(lang, 'global')}: ${gs(s.sched?.runq, lang)}.`);
    for (const [id, p] of Object.entries(s.p)) {
      const m = p.m != null ? s.m?.[String(p.m)] : null;
      const runs = m && m.curg != null ? `, M${p.m} ${t(lang, 'running')} G${m.curg}` : m ? `, M${p.m}` : '';
      out.push(`P${id} (${p.status}${runs}); ${t(lang, 'runnext')}: ${p.runnext != null ? `G${p.runnext}` : t(lang, 'none')}; `
        + `${t(lang, 'runq')}: ${gs(p.runq, lang)}.`);
    }
    for (const [id, m] of Object.entries(s.m || {})) {
      if (id === 'sysmon' || m.p != null) continue;
      const what = m.state === 'syscall' ? `${t(lang, 'syscall')}${m.curg != null ? ` G${m.curg}` : ''}` : m.spinning ? t(lang, 'spinning') : t(lang, 'parked');
      out.push(`M${id}: ${what}.`);
    }
    const sm = s.m?.sysmon;
    if (sm) out.push(`sysmon: ${sm.state}, ${t(lang, 'delay')} ${time(sm.delay)}.`);
    const waiting = new Map(); // wait reason -> goroutine ids
    for (const [id, g] of Object.entries(s.g || {})) {
      if (g.status !== '_Gwaiting') continue;
      const why = g.waitreason || t(lang, 'waiting');
      if (!waiting.has(why)) waiting.set(why, []);
      waiting.get(why).push(id);
    }
    if (waiting.size) {
      out.push(`${t(lang, 'waiting')}: ${[...waiting].map(([why, ids]) => `${why} · ${ids.length}: ${gs(ids, lang)}`).join('; ')}.`);
    }
    if (s.process?.exited) out.push(`${t(lang, 'exited')}.`);
  }
  const py = vm.py;
  if (py) {
    for (const [id, th] of Object.entries(py.threads || {})) {
      out.push(`${th.name ?? `T${id}`}: ${t(lang, `th_${th.state}`)}${String(py.gil?.holder) === id ? `, ${t(lang, 'holdsGil')}` : ''}.`);
    }
  }
  return out.join(' ');
}
