// The draft lives in the browser (localStorage), written on every change, so a
// reload or a closed tab never loses an edit. Loading another lesson keeps the
// draft it replaces, so that can be undone too.

const DRAFT = 'goroutine-lab.author.draft.v1';
const PREVIOUS = 'goroutine-lab.author.previous.v1';

function read(key) {
  try {
    const v = JSON.parse(localStorage.getItem(key));
    return v && typeof v.text === 'string' ? v : null;
  } catch {
    return null;
  }
}

function write(key, text) {
  try {
    localStorage.setItem(key, JSON.stringify({ text, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export const loadDraft = () => read(DRAFT);
export const saveDraft = (text) => write(DRAFT, text);
export const loadPrevious = () => read(PREVIOUS);
export const keepPrevious = (text) => write(PREVIOUS, text);
