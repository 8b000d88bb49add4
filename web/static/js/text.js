// Small text helpers shared by the views: escaping, the lessons' tiny
// markdown (**bold**, *emphasis*, `code`), and times in µs/ms.

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** The lessons' markdown subset, escaped first: `code`, **bold**, *emphasis* (code spans are left as they are). */
export function markdown(s) {
  return escapeHtml(s)
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1
      ? `<code>${part.slice(1, -1)}</code>`
      : part.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, '$1<em>$2</em>')))
    .join('');
}

/**
 * A long text cut for a glance: whole sentences up to about `words` words,
 * and the rest. Chinese sentences end in 。！？; a text already short is kept whole.
 */
export function firstSentences(text, words = 40) {
  const s = String(text ?? '');
  const count = (x) => (x.match(/[\u4e00-\u9fff]/g)?.length ?? 0) / 2 + (x.match(/[A-Za-z0-9_'’-]+/g)?.length ?? 0);
  if (count(s) <= words * 1.25) return { head: s, rest: '' };
  const parts = s.match(/[^.!?。！？]+[.!?。！？]+["”’)]?\s*|[^.!?。！？]+$/g) ?? [s];
  let head = '';
  for (const p of parts) {
    if (head && count(head + p) > words) break;
    head += p;
  }
  return { head: head.trim(), rest: s.slice(head.length).trim() };
}

export function time(ns) {
  if (ns == null) return '';
  if (ns >= 1e9) return `${trim(ns / 1e9)}s`;
  if (ns >= 1e6) return `${trim(ns / 1e6)}ms`;
  if (ns >= 1e3) return `${trim(ns / 1e3)}µs`;
  return `${ns}ns`;
}

function trim(v) {
  return v.toFixed(v >= 100 ? 1 : 3).replace(/\.?0+$/, '');
}
