// The answers to one quiz as a bar chart (D3, the global from the WebJar):
// one bar per choice, its count at its end, the right answer marked with a
// tick and its own colour (never colour alone). Bars keyed by choice, so a
// new tally grows the bars instead of redrawing them.

const d3 = globalThis.d3;

/** Draws counts (one per choice) with their labels into svg; correct is an index or null. */
export function renderTally(svg, { labels, counts, correct }) {
  const width = 560;
  const rowH = 48;
  const height = labels.length * rowH + 4;
  const max = Math.max(1, ...counts);
  const x = d3.scaleLinear().domain([0, max]).range([0, width - 60]);
  const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('hidden', null);
  const data = labels.map((label, i) => ({ i, label, n: counts[i] ?? 0, right: i === correct }));
  root.selectAll('g.bar')
    .data(data, (d) => d.i)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bar');
      g.append('text').attr('class', 'label').attr('x', 0).attr('y', 15);
      g.append('rect').attr('x', 0).attr('y', 22).attr('height', 18).attr('width', 0);
      g.append('text').attr('class', 'n').attr('y', 36);
      return g;
    })
    .attr('transform', (d) => `translate(0,${d.i * rowH})`)
    .attr('data-testid', (d) => `bar-${d.i}`)
    .attr('data-count', (d) => d.n)
    .attr('data-correct', (d) => String(d.right))
    .classed('right', (d) => d.right)
    .call((g) => g.select('text.label').text((d) => `${d.right ? '✓ ' : ''}${d.label}`))
    .call((g) => g.select('rect').attr('width', (d) => x(d.n)))
    .call((g) => g.select('text.n').attr('x', (d) => x(d.n) + 6).text((d) => d.n));
}
