// The event log: one line per runtime action, newest at the bottom. Each names
// the runtime function that did it, linked to its source (the Go source on
// cs.opensource.google, CPython's on GitHub), and its step, which seeks there.
// The list is laid out bottom-up (flex column-reverse) so the newest line stays
// in view without the page measuring anything; a line is written once, and
// afterwards only its now/future marks change.

import { time } from '../text.js';

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

export function renderLog(ol, vm, { onSeek }) {
  const items = vm.log.slice(-80).reverse();
  const now = new Set((vm.events || []).map((e) => e.step));
  const shown = vm.current?.step;
  const at = vm.frame?.step ?? 0;
  const li = d3.select(ol).selectAll('li').data(items, (d) => `${d.step}:${d.kind}`)
    .join((enter) => {
      const e = enter.append('li')
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
