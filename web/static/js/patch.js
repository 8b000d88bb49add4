// Applies an RFC 6902 JSON Patch (add, remove, replace: what the server sends for
// a forward move once the page has asked for patches) to the previous state,
// copying only the objects along the changed paths: the previous frame's state
// stays as it was, so views can still compare the two.

function unescape(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function applyPatch(state, ops) {
  const root = Array.isArray(state) ? state.slice() : { ...state };
  const copied = new WeakSet([root]);
  for (const op of ops) {
    const parts = op.path.split('/').slice(1).map(unescape);
    if (parts.length === 0) throw new Error(`patch: cannot ${op.op} the whole state`);
    let parent = root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      let child = parent[parts[i]];
      if (child === null || typeof child !== 'object') throw new Error(`patch: no container at ${op.path}`);
      if (!copied.has(child)) {
        child = Array.isArray(child) ? child.slice() : { ...child };
        parent[parts[i]] = child;
        copied.add(child);
      }
      parent = child;
    }
    const last = parts[parts.length - 1];
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
    } else if (op.op === 'add' || op.op === 'replace') {
      parent[last] = op.value;
    } else {
      throw new Error(`patch: unsupported op ${op.op}`);
    }
  }
  return root;
}
