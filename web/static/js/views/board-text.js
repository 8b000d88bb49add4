// The board in words, for screen readers (the SVG's description): the global
// queue, then P by P what it runs and what waits in its queues, the threads
// without a P, the waiting goroutines, and for the interpreter who holds the GIL.

import { t } from '../i18n.js';
import { time } from '../text.js';

const gs = (ids, lang) => (ids && ids.length ? ids.map((g) => `G${g}`).join(', ') : t(lang, 'none'));

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
    const waiting = Object.entries(s.g || {}).filter(([, g]) => g.status === '_Gwaiting')
      .map(([id, g]) => `G${id}${g.waitreason ? ` (${g.waitreason})` : ''}`);
    if (waiting.length) out.push(`${t(lang, 'waiting')}: ${waiting.join(', ')}.`);
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
