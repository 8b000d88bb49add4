// The list of problems under the editor: each names its line and column and
// moves the cursor there when chosen, and says its kind in words (an error, a
// failing check, or a warning that does not stop the lesson from playing).

import { t } from './i18n.js';

export function renderProblems(root, problems, { lang, onPick }) {
  root.replaceChildren(...problems.map((p) => {
    const li = document.createElement('li');
    li.className = `problem problem-${p.kind}`;
    li.dataset.testid = 'problem';
    li.dataset.line = String(p.line);
    const at = document.createElement('button');
    at.type = 'button';
    at.className = 'at';
    at.textContent = t(lang, 'at', p.line, p.col);
    at.addEventListener('click', () => onPick(p));
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = t(lang, `kind_${p.kind}`);
    const msg = document.createElement('span');
    msg.className = 'message';
    msg.textContent = p.message;
    li.append(at, kind, msg);
    return li;
  }));
}
