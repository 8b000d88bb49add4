// Buttons and keyboard shortcuts: Right = step, Left = back, Enter or N = next,
// Home or R = reset. Each sends one protocol message.

export function bindControls(root, send) {
  const act = {
    step: () => send({ op: 'step', n: 1 }),
    back: () => send({ op: 'back', n: 1 }),
    next: () => send({ op: 'next' }),
    reset: () => send({ op: 'reset' }),
  };
  root.querySelectorAll('button[data-action]').forEach((b) => {
    b.addEventListener('click', () => act[b.dataset.action]?.());
  });
  document.addEventListener('keydown', (e) => {
    if (e.target.closest('input, textarea, select') || e.altKey || e.ctrlKey || e.metaKey) return;
    const k = e.key;
    const fn = k === 'ArrowRight' ? act.step
      : k === 'ArrowLeft' ? act.back
        : (k === 'Enter' && !e.target.closest('button')) || k === 'n' || k === 'N' ? act.next
          : k === 'Home' || k === 'r' || k === 'R' ? act.reset : null;
    if (fn) {
      e.preventDefault();
      fn();
    }
  });
}
