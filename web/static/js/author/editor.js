// The YAML editor: CodeMirror 5 (from its WebJar) with line numbers, and each
// problem drawn where it is: a mark in the gutter, a wavy underline from its
// column to the end of the word, and the message in a widget under the line.

/** The gutter's mark per kind: an error, a failing check, a warning (the lesson plays as it says). */
const MARKERS = { error: '✖', check: '▲', warning: '●' };

export function createEditor(textarea, { onChange }) {
  const cm = window.CodeMirror.fromTextArea(textarea, {
    mode: 'yaml',
    lineNumbers: true,
    styleActiveLine: true,
    indentUnit: 2,
    tabSize: 2,
    indentWithTabs: false,
    lineWrapping: true, // narration is prose: long lines wrap
    gutters: ['CodeMirror-linenumbers', 'problem-gutter'],
    // A fixed gutter is re-aligned from measurements taken as the editor starts, which
    // can be taken before its layout settles (the gutter then covers the text); a
    // gutter that scrolls with the text needs no alignment.
    fixedGutter: false,
    extraKeys: {
      // YAML indents with spaces only
      Tab: (ed) => ed.execCommand(ed.somethingSelected() ? 'indentMore' : 'insertSoftTab'),
      'Shift-Tab': 'indentLess',
    },
  });
  let drawn = [];
  // the editor's own input field carries the label the page gave the textarea
  const label = textarea.getAttribute('aria-label') || document.querySelector(`label[for="${textarea.id}"]`)?.textContent;
  if (label) cm.getInputField().setAttribute('aria-label', label.trim());
  cm.on('changes', () => onChange(cm.getValue()));
  // CodeMirror measures its gutter and characters when it starts; measure again
  // once the page's fonts have loaded (it follows window resizes itself).
  const refresh = () => cm.refresh();
  window.addEventListener('load', refresh);
  document.fonts?.ready.then(refresh);

  function clear() {
    cm.operation(() => {
      for (const d of drawn) d.clear();
      cm.clearGutter('problem-gutter');
    });
    drawn = [];
  }

  function wordEnd(text, from) {
    let i = from;
    while (i < text.length && !' ,}]#'.includes(text[i])) i += 1;
    return Math.max(i, from + 1);
  }

  /** Draws problems [{line, col, message, kind}] (line and col count from 1; 0 = unknown). */
  function showProblems(problems) {
    clear();
    cm.operation(() => {
      for (const p of problems) {
        const line = Math.min(Math.max(p.line, 1), cm.lineCount()) - 1;
        const text = cm.getLine(line) ?? '';
        const col = Math.max(p.col - 1, 0);
        if (col < text.length) {
          drawn.push(cm.markText({ line, ch: col }, { line, ch: wordEnd(text, col) },
            { className: `cm-problem cm-problem-${p.kind}`, attributes: { 'data-testid': 'problem-mark' } }));
        }
        const marker = document.createElement('span');
        marker.className = `problem-marker problem-${p.kind}`;
        marker.textContent = MARKERS[p.kind] ?? '✖';
        marker.title = p.message;
        cm.setGutterMarker(line, 'problem-gutter', marker);
        const widget = document.createElement('div');
        widget.className = `inline-problem problem-${p.kind}`;
        widget.dataset.testid = 'inline-problem';
        widget.dataset.line = String(line + 1);
        widget.textContent = p.message;
        drawn.push(cm.addLineWidget(line, widget, { coverGutter: false }));
      }
    });
  }

  return {
    getValue: () => cm.getValue(),
    setValue: (text) => cm.setValue(text),
    showProblems,
    goTo(line, col) {
      cm.focus();
      cm.setCursor({ line: Math.max(line - 1, 0), ch: Math.max(col - 1, 0) });
      cm.scrollIntoView(null, 120);
    },
  };
}
