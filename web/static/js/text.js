// Small text helpers shared by the views: escaping, the narration's tiny
// markdown (**bold**, `code`), and times in µs/ms.

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function markdown(s) {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
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
