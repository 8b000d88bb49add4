// The event log: one line per runtime action, newest last, each naming the
// runtime function with a link to read it in the Go source.

import { escapeHtml, time } from '../text.js';

export function sourceLink(ev) {
  if (ev.src && ev.src.startsWith('runtime/') || ev.src?.startsWith('os/')) {
    const name = String(ev.fn).replace(/^runtime\./, '').replace(/^os\/signal\./, '').replace(/^\(\*\w+\)\./, '');
    return `https://cs.opensource.google/search?q=${encodeURIComponent(`func ${name}`)}&ss=go%2Fgo:src%2F${encodeURIComponent(ev.src)}`;
  }
  return `https://github.com/search?q=${encodeURIComponent(`repo:python/cpython ${ev.fn}`)}&type=code`;
}

export function renderLog(ol, vm) {
  const items = vm.log.slice(-200);
  const sel = d3.select(ol).selectAll('li').data(items, (d) => `${d.step}`);
  sel.join(
    (enter) => {
      const li = enter.append('li').attr('class', (d) => `ev ${d.kind}`);
      li.append('span').attr('class', 'ev-time');
      li.append('a').attr('class', 'ev-kind').attr('target', '_blank').attr('rel', 'noopener');
      li.append('span').attr('class', 'ev-text');
      return li;
    },
  )
    .attr('data-step', (d) => d.step)
    .call((li) => li.select('.ev-time').text((d) => time(d.time)))
    .call((li) => li.select('.ev-kind').text((d) => d.kind).attr('href', (d) => sourceLink(d)).attr('title', (d) => `${d.fn} · ${d.src}`))
    .call((li) => li.select('.ev-text').html((d) => escapeHtml(d.text)));
  ol.scrollTop = ol.scrollHeight;
}
