// The collector's phase and stop-the-world, as a banner across the whole
// board: the learner sees at a glance that marking is under way (and that the
// write barrier is on), and a stop-the-world veils every P until the world
// starts again.

import { t } from '../i18n.js';
import { bytes } from './heap.js';
import { escapeHtml as esc } from '../text.js';

export function renderGcBanner(el, vm, { lang, focus }) {
  const s = vm.go;
  const gc = s?.gc;
  const stw = !!s?.sched?.stw;
  const phase = gc?.phase ?? '_GCoff';
  const active = phase !== '_GCoff' || stw;
  const hidden = !gc || (!active && !gc.cycle);
  const focused = [...(focus || [])].some((f) => f === 'gc' || f.startsWith('gc.') || f === 'go.gc' || f.startsWith('go.gc.'));
  // touch the element only when something changed: its class drives the stop-the-world veil over the boards
  const sig = `${hidden}|${phase}|${stw}|${active}|${focused}`;
  if (el.__sig !== sig) {
    el.__sig = sig;
    el.hidden = hidden;
    el.dataset.phase = phase;
    el.dataset.stw = String(stw);
    el.className = `gc-banner${active ? ' active' : ''}${stw ? ' stw' : ''}${focused ? ' focus' : ''}`;
    // the veil over the pictures beside the banner
    el.parentElement?.querySelector(':scope > .pictures')?.classList.toggle('stw', stw);
  }
  if (hidden) return;
  const parts = [];
  parts.push(`<strong class="phase">${esc(phase)}</strong>`);
  parts.push(`<span>${t(lang, 'gcCycle')} ${gc.cycle ?? 0}</span>`);
  // the runtime's barrier is on only while marking; off while marking means the lab's switch turned it off: the danger
  const wbClass = gc.writeBarrier ? 'on' : phase === '_GCoff' ? 'off' : 'off danger';
  const wbWord = gc.writeBarrier ? 'wbOn' : phase === '_GCoff' ? 'wbIdle' : 'wbOffSwitch';
  parts.push(`<span class="wb ${wbClass}" data-testid="wb-state">${t(lang, 'writeBarrier')}: ${t(lang, wbWord)}</span>`);
  if (stw) parts.push(`<span class="stw-label" data-testid="stw">STW · ${t(lang, 'stopTheWorld')}${gc.stwReason ? `: ${esc(gc.stwReason)}` : ''}</span>`);
  if (gc.heapLive != null) parts.push(`<span class="muted">${bytes(gc.heapLive)} / ${bytes(gc.heapGoal)}</span>`);
  if ((gc.lost || []).length) parts.push(`<span class="lost-label">✕ ${t(lang, 'lostObjects')}: ${esc(gc.lost.join(', '))}</span>`);
  const html = parts.join('');
  if (el.__html !== html) {
    el.__html = html;
    el.innerHTML = html;
  }
}
