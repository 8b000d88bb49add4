// The event log: one line per runtime action, newest last. Each names the
// runtime function that did it, linked to its source (the Go source on
// cs.opensource.google, CPython's on GitHub), and its step, which seeks there.

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
  const items = vm.log.slice(-200);
  const now = new Set((vm.events || []).map((e) => e.step));
  let added = false;
  const li = d3.select(ol).selectAll('li').data(items, (d) => `${d.step}`)
    .join((enter) => {
      added = !enter.empty();
      const e = enter.append('li');
      e.append('button').attr('type', 'button').attr('class', 'ev-step')
        .on('click', (event, d) => onSeek?.(d.step));
      e.append('span').attr('class', 'ev-time');
      e.append('a').attr('class', 'ev-fn').attr('target', '_blank').attr('rel', 'noopener');
      e.append('span').attr('class', 'ev-src');
      e.append('span').attr('class', 'ev-text');
      return e;
    })
    .attr('class', (d) => `ev ${d.kind}${now.has(d.step) ? ' now' : ''}${d.step > (vm.frame?.step ?? 0) ? ' future' : ''}`)
    .attr('data-testid', (d) => `event-${d.step}`)
    .attr('data-kind', (d) => d.kind)
    .attr('data-step', (d) => d.step);
  li.select('.ev-step').text((d) => `#${d.step}`).attr('aria-label', (d) => `#${d.step}`);
  li.select('.ev-time').text((d) => time(d.time));
  li.select('.ev-fn').text((d) => d.fn ?? d.kind).attr('href', (d) => sourceLink(d))
    .attr('title', (d) => `${d.kind} · ${d.fn} · ${d.src}`);
  li.select('.ev-src').text((d) => d.src ?? '');
  li.select('.ev-text').text((d) => d.text);
  // keep the newest line in view (a write, once per new batch: no layout read per frame)
  if (added) ol.scrollTop = 1e9;
}
