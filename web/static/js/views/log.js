// The event log: one line per runtime action, newest at the bottom. Each names
// the runtime function that did it, linked to its source (the Go source on
// cs.opensource.google, CPython's on GitHub), and its step, which seeks there.
//
// A line is written once, afterwards only its now/future marks change, and it
// keeps its place: lines are in the order of their steps, a new one is added
// under the others, and the list stays scrolled to the newest by the browser's
// scroll anchoring (the anchor is an empty last item), so a step moves the
// log's scroll position instead of every line in it: the lines already drawn
// are not laid out or painted again. The oldest lines go twenty at a time,
// when the log passes a hundred, for the same reason. Nothing is measured in a
// frame: the one scroll the page makes itself (when the list first overflows,
// or the learner scrolled back down to the end) is made when the browser
// reports the anchor out of view.

import { time } from '../text.js';

/** Lines kept (when the run has that many), and how many more may gather before the oldest go at once. */
export const LOG_KEEP = 80;
export const LOG_SLACK = 20;

export function sourceLink(ev) {
  const src = String(ev.src ?? '');
  const fn = String(ev.fn ?? ev.kind);
  if (src.startsWith('runtime/') || src.startsWith('os/')) {
    const name = fn.replace(/^.*\)\./, '').replace(/^[\w/]+\./, '');
    return `https://cs.opensource.google/search?q=${encodeURIComponent(`func ${name}`)}&ss=go%2Fgo:src%2F${encodeURIComponent(src)}`;
  }
  if (src.startsWith('signal(')) return 'https://man7.org/linux/man-pages/man7/signal.7.html';
  return `https://github.com/search?q=${encodeURIComponent(`repo:python/cpython path:${src} ${fn}`)}&type=code`;
}

const memory = new WeakMap();

/**
 * The lines the log shows: the last LOG_KEEP to LOG_KEEP + LOG_SLACK of the
 * page's log, from a first step that stays put until the list passes the
 * upper bound (or falls under the lower one while older lines exist).
 */
export function logWindow(lines, from) {
  let i = from == null ? -1 : lines.findIndex((e) => e.step >= from);
  const n = lines.length;
  if (i < 0 || n - i > LOG_KEEP + LOG_SLACK || (n - i < LOG_KEEP && i > 0)) i = Math.max(0, n - LOG_KEEP);
  return { items: lines.slice(i), from: n ? lines[i].step : null };
}

export function renderLog(ol, vm, { onSeek }) {
  const mem = memory.get(ol) ?? pin(ol);
  const { items, from } = logWindow(vm.log, mem.from);
  mem.from = from;
  const now = new Set((vm.events || []).map((e) => e.step));
  const shown = vm.current?.step;
  const at = vm.frame?.step ?? 0;
  const li = d3.select(ol).selectAll('li.ev').data(items, (d) => `${d.step}:${d.kind}`)
    .join((enter) => {
      const e = enter.insert('li', 'li.log-end')
        .attr('class', 'ev')
        .attr('data-testid', (d) => `event-${d.step}`)
        .attr('data-kind', (d) => d.kind)
        .attr('data-step', (d) => d.step);
      e.append('button').attr('type', 'button').attr('class', 'ev-step')
        .on('click', (event, d) => onSeek?.(d.step))
        .text((d) => `#${d.step}`);
      e.append('span').attr('class', 'ev-time').text((d) => time(d.time));
      e.append('a').attr('class', 'ev-fn').attr('target', '_blank').attr('rel', 'noopener')
        .attr('href', (d) => sourceLink(d)).attr('title', (d) => `${d.kind} · ${d.fn} · ${d.src}`)
        .text((d) => d.fn ?? d.kind);
      e.append('span').attr('class', 'ev-text').text((d) => d.text);
      return e;
    });
  // the text of a line changes only when the language does
  li.filter(function relabel(d) {
    if (this.__text === d.text) return false;
    this.__text = d.text;
    return true;
  }).select('.ev-text').text((d) => d.text);
  li.filter(function mark(d) {
    const cls = `ev ${d.kind}${now.has(d.step) ? ' now' : ''}${d.step === shown ? ' shown' : ''}${d.step > at ? ' future' : ''}`;
    if (this.__cls === cls) return false;
    this.__cls = cls;
    return true;
  }).attr('class', function cls() { return this.__cls; });
}

/**
 * The list's last item, empty: the only one the browser may anchor the scroll
 * position to, so while it is in view the list follows the newest line. When it
 * goes out of view and the learner did not scroll up (the list just overflowed,
 * or lines were added while it was hidden), the list is scrolled to the end.
 */
function pin(ol) {
  const mem = { from: null, follow: true };
  memory.set(ol, mem);
  const end = document.createElement('li');
  end.className = 'log-end';
  end.setAttribute('aria-hidden', 'true');
  ol.append(end);
  ol.addEventListener('scroll', () => {
    // read in the scroll event, when the layout is clean: the learner may scroll back to read
    mem.follow = ol.scrollTop + ol.clientHeight >= ol.scrollHeight - 8;
  }, { passive: true });
  new IntersectionObserver((entries) => {
    const seen = entries[entries.length - 1];
    if (!seen.isIntersecting && mem.follow && ol.clientHeight > 0) ol.scrollTop = ol.scrollHeight;
  }, { root: ol }).observe(end);
  return mem;
}
