// Helpers the SVG views share: layers, focus matching, durations, goroutine
// glyphs (a status has a colour AND a shape), and moves that fly in an arc.

/** The <g class="layer-name"> children of an svg, created once, in order. */
export function layers(svg, names) {
  const out = {};
  for (const name of names) {
    let l = svg.select(`:scope > g.layer-${name}`);
    if (l.empty()) l = svg.append('g').attr('class', `layer-${name}`);
    out[name] = l;
  }
  return out;
}

/**
 * Which of a view's element paths the focus list highlights: for each focus
 * path, the longest element path equal to it or a prefix of it
 * (focus p.0.runq lights the run queue if there is one, else P0).
 */
export function focusedPaths(focus, paths, prefix = '', alias = {}) {
  const lit = new Set();
  if (!focus || focus.size === 0) return lit;
  const all = new Set(paths);
  for (let f of focus) {
    if (prefix) {
      if (!f.startsWith(prefix)) continue;
      f = f.slice(prefix.length);
    }
    let probe = alias[f] ?? f;
    while (probe) {
      if (all.has(probe)) {
        lit.add(probe);
        break;
      }
      const cut = probe.lastIndexOf('.');
      probe = cut < 0 ? '' : probe.slice(0, cut);
    }
  }
  return lit;
}

/** The duration of a move: shorter with reduced motion, never longer than the gap between played steps. */
export function duration(opts, base = 450) {
  if (opts.instant) return 0;
  if (opts.reducedMotion) return Math.min(60, base);
  return opts.maxDuration != null ? Math.min(base, opts.maxDuration) : base;
}

/** The outline of a goroutine for its status: circles for most, a square in a system call, a diamond when preempted. */
export function gShape(status, r, wide = false) {
  if (status === '_Gsyscall') {
    const s = r * 0.9;
    const w = wide ? s + 4 : s; // a four-digit id needs a wider box
    return `M${-w},${-s + 3}q0,-3 3,-3h${2 * w - 6}q3,0 3,3v${2 * s - 6}q0,3 -3,3h${-(2 * w - 6)}q-3,0 -3,-3z`;
  }
  if (status === '_Gpreempted') {
    const s = r * 1.15;
    return `M0,${-s}L${s},0L0,${s}L${-s},0z`;
  }
  return `M${-r},0a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0z`;
}

export function parseTranslate(t) {
  const m = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/.exec(t || '');
  return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
}

/**
 * A tween that flies an element from where it is now to (x, y) along a
 * shallow arc (lift > 0 bends it upwards), so a goroutine moving between
 * places is seen to travel rather than jump.
 */
export function arcTween(x, y, lift) {
  return function tween() {
    const from = parseTranslate(this.getAttribute('transform')) || { x, y };
    const cx = (from.x + x) / 2;
    const cy = Math.min(from.y, y) - lift;
    return (t) => {
      const u = 1 - t;
      const px = u * u * from.x + 2 * u * t * cx + t * t * x;
      const py = u * u * from.y + 2 * u * t * cy + t * t * y;
      return `translate(${px.toFixed(1)},${py.toFixed(1)})`;
    };
  };
}

/** Text shortened to n characters with an ellipsis. */
export function clip(s, n) {
  const str = String(s ?? '');
  return str.length > n ? `${str.slice(0, n - 1)}…` : str;
}

/**
 * The elements of a selection whose signature changed since they were last
 * drawn (the signature is kept on the element, like D3 keeps its datum), so a
 * frame rewrites only what it changed and the browser restyles only that.
 */
export function changed(sel, sig, key = '__sig') {
  return sel.filter(function differs(d) {
    const s = sig(d);
    if (this[key] === s) return false;
    this[key] = s;
    return true;
  });
}

/**
 * Sets each element's text, changing its text node in place: d3's text()
 * replaces the node, and the browser then takes the old one out of the layout
 * and styles and lays out a new one. `value` is a constant or a function of
 * the datum, as with text().
 */
export function setText(sel, value) {
  return sel.each(function write(d, i, nodes) {
    writeText(this, String((typeof value === 'function' ? value.call(this, d, i, nodes) : value) ?? ''));
  });
}

/** Writes an element's text when it changes, in its text node when it has just one (see setText). */
export function writeText(node, value) {
  const only = node.firstChild;
  if (only && only.nodeType === Node.TEXT_NODE && only === node.lastChild) {
    if (only.data !== value) only.data = value;
  } else if (node.textContent !== value) node.textContent = value;
}

/** Sets an svg's viewBox and natural width, only when they change (a change restyles the whole drawing). */
export function sized(svg, width, height) {
  const box = `0 0 ${width} ${height}`;
  const node = svg.node();
  if (node.__box === box) return;
  node.__box = box;
  svg.attr('viewBox', box).style('--natural-width', `${width}px`);
}
