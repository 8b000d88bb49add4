// The author page: edit a lesson's YAML, see its problems at their lines as
// you type (validated on the server after a pause), watch it play in the
// preview (the player, in a frame, on a lesson kept in the server's memory),
// start from any served lesson, download the result. The draft is kept in
// this browser on every change.

import { createEditor } from './author/editor.js';
import { validate, preview, lessonSource } from './author/api.js';
import { loadDraft, saveDraft, loadPrevious, keepPrevious } from './author/draft.js';
import { renderProblems } from './author/problems.js';
import { t } from './author/i18n.js';

const VALIDATE_AFTER_MS = 400;
const BLANK = `# yaml-language-server: $schema=schema/lesson.schema.json
format: 1
id: my-lesson
title: {en: My lesson, zh: 我的课程}
runtime: {gomaxprocs: 1, seed: 1}
functions:
  main:
    - go: worker
    - compute: 100us
  worker:
    - compute: 50us
steps:
  - say: {en: "main starts a worker: a new G waits in runnext.", zh: "main 启动了一个 worker：新的 G 在 runnext 中等待。"}
    run: {until: newproc}
    expect:
      g.2.status: _Grunnable
  - say: {en: "Run to the end.", zh: "运行到结束。"}
    run: {until: end}
    expect:
      process.exited: true
`;

const body = document.body;
const lang = body.dataset.lang || 'en';
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const el = {
  status: $('status'), problems: $('problems'), startFrom: $('start-from'), load: $('load'), undo: $('undo-load'),
  download: $('download'), frame: $('preview'), empty: $('preview-empty'), restart: $('restart-preview'),
};

let timer = null;
let sequence = 0;
let previewId = null;
let previewedText = null;
let saved = true;

const editor = createEditor(document.getElementById('source'), { onChange: changed });

function changed(text) {
  body.dataset.previewed = 'false';
  saved = saveDraft(text);
  body.dataset.saved = String(saved);
  clearTimeout(timer);
  timer = setTimeout(() => check(text), VALIDATE_AFTER_MS);
}

async function check(text) {
  const mine = ++sequence;
  body.dataset.check = 'pending';
  el.status.textContent = t(lang, 'checking');
  let answer;
  try {
    answer = await validate(text);
  } catch {
    if (mine === sequence) show({ status: 'offline' });
    return;
  }
  if (mine !== sequence) return; // a newer edit is being checked
  const { status, data } = answer;
  if (status !== 200) {
    show({ status: 'refused', message: data.message, problems: [] });
    return;
  }
  show({ status: data.valid ? 'valid' : 'invalid', problems: data.problems, check: data.check });
  if (data.valid && text !== previewedText) await play(text, mine);
  else {
    el.frame.classList.toggle('stale', !data.valid && previewId !== null);
    if (data.valid) body.dataset.previewed = 'true';
  }
}

function show({ status, problems = [], check: c, message }) {
  editor.showProblems(problems.filter((p) => p.line > 0));
  renderProblems(el.problems, problems, { lang, onPick: (p) => editor.goTo(p.line, p.col) });
  const failing = problems.filter((p) => p.kind === 'check').length;
  // a warning (a narration too long to read at a glance) neither fails the lesson nor holds back its preview
  const warnings = problems.filter((p) => p.kind === 'warning').length;
  let words;
  if (status === 'offline') words = t(lang, 'offline');
  else if (status === 'refused') words = message;
  else if (status === 'invalid') words = t(lang, 'problems', problems.length - warnings);
  else words = (failing ? t(lang, 'failing', failing) : t(lang, 'valid', c)) + (c.complete ? '' : t(lang, 'partial', c));
  if (status === 'valid' && warnings) words += ` ${t(lang, 'warnings', warnings)}`;
  if (!saved) words += ` ${t(lang, 'notSaved')}`;
  el.status.textContent = words;
  el.status.dataset.state = status === 'valid' && !failing ? (warnings ? 'warnings' : 'ok') : 'problems';
  body.dataset.check = status === 'valid' ? (failing ? 'failing' : 'ok') : 'problems';
  body.dataset.problems = String(problems.length);
  body.dataset.warnings = String(warnings);
}

/**
 * Plays the checked text in the preview. The page says when the preview shows
 * that text (body data-previewed), once the frame has loaded it: the check's
 * verdict comes before the preview, which is one more round trip and a page load.
 */
async function play(text, mine) {
  const { status, data } = await preview(text, previewId);
  if (status !== 201) {
    el.status.textContent += ` ${data.message || ''}`;
    return;
  }
  previewId = data.id;
  previewedText = text;
  el.frame.addEventListener('load', () => {
    if (mine === sequence) body.dataset.previewed = 'true';
  }, { once: true });
  el.frame.src = `${data.url}&lang=${lang}`;
  el.frame.hidden = false;
  el.frame.classList.remove('stale');
  el.empty.hidden = true;
  el.restart.disabled = false;
  body.dataset.preview = previewId;
}

el.restart.addEventListener('click', () => {
  if (previewId) el.frame.src = `/lessons/${previewId}?embed=1&lang=${lang}`;
});

el.load.addEventListener('click', async () => {
  const id = el.startFrom.value;
  let text = BLANK;
  if (id) {
    try {
      text = await lessonSource(id);
    } catch {
      el.status.textContent = t(lang, 'offline');
      return;
    }
  }
  keepPrevious(editor.getValue());
  editor.setValue(text);
  el.undo.hidden = false;
  el.status.textContent = t(lang, 'loaded', id || 'my-lesson');
});

el.undo.addEventListener('click', () => {
  const prev = loadPrevious();
  if (!prev) return;
  keepPrevious(editor.getValue());
  editor.setValue(prev.text);
  el.status.textContent = t(lang, 'undone');
});

el.download.addEventListener('click', () => {
  const text = editor.getValue();
  const id = /^id:\s*["']?([a-z0-9]+(?:-[a-z0-9]+)*)/m.exec(text)?.[1] ?? 'lesson';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  a.download = `${id}.yaml`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});

// Write the draft once more as the page goes away (a change is written at once anyway).
window.addEventListener('pagehide', () => saveDraft(editor.getValue()));

const draft = loadDraft();
editor.setValue(draft ? draft.text : BLANK);
body.dataset.state = 'ready';
