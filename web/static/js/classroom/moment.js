// Where the class is, in words: "Script step 3 of 7 · runtime step 57".

export function describe(el, position, scriptSteps) {
  if (!position) return '';
  const fork = position.fork ? ` ${el.dataset.forked}` : '';
  return `${el.dataset.scriptLabel} ${position.script} / ${scriptSteps} · ${el.dataset.stepLabel} ${position.step}${fork}`;
}
