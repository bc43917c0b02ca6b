/**
 * Draws a chart's geometry as SVG. Shapes are made with createElementNS and placed by their geometry
 * attributes; colours and strokes come from classes in the stylesheet (the CSP allows no inline style), and
 * every text is set with textContent.
 */
import type { ChartGeometry } from './chart';

const SVG = 'http://www.w3.org/2000/svg';

function shape<K extends keyof SVGElementTagNameMap>(
  tag: K,
  className: string,
  attrs: Record<string, number | string>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  if (className) el.setAttribute('class', className);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  return el;
}

function text(className: string, x: number, y: number, words: string, anchor = 'middle'): SVGTextElement {
  const el = shape('text', className, { x, y, 'text-anchor': anchor });
  el.textContent = words;
  return el;
}

/** Paints `g` into `svg` (emptied first). `label` is the chart's accessible name. */
export function drawChart(svg: SVGSVGElement, g: ChartGeometry, label: string): void {
  const { box } = g;
  const bottom = box.height - box.bottom;
  const right = box.width - box.right;
  svg.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const frag = document.createDocumentFragment();
  for (const t of g.yTicks) {
    frag.appendChild(shape('line', 'chart-grid', { x1: box.left, x2: right, y1: t.at, y2: t.at }));
    frag.appendChild(text('chart-label', box.left - 6, t.at + 4, t.label, 'end'));
  }
  frag.appendChild(shape('line', 'chart-axis', { x1: box.left, x2: right, y1: bottom, y2: bottom }));
  for (const t of g.xTicks) {
    frag.appendChild(shape('line', 'chart-axis', { x1: t.at, x2: t.at, y1: bottom, y2: bottom + 4 }));
    frag.appendChild(text('chart-label', t.at, bottom + 16, t.label));
  }
  frag.appendChild(text('chart-label chart-unit', right, box.height - 2, 'bytes', 'end'));
  if (g.marker) {
    frag.appendChild(shape('line', 'chart-marker', { x1: g.marker.x, x2: g.marker.x, y1: box.top - 4, y2: bottom }));
    // Its label between the rows of answered (top) and silent (bottom) sizes, on the side with room.
    const leftward = g.marker.x > box.left + ((right - box.left) * 2) / 3;
    const middle = (box.top + bottom) / 2 - 6;
    frag.appendChild(
      text(
        'chart-label chart-marker-label',
        g.marker.x + (leftward ? -4 : 4),
        middle,
        g.marker.label,
        leftward ? 'end' : 'start',
      ),
    );
  }
  const radius = g.points.length > 60 ? 2.5 : 3.5;
  for (const p of g.points) {
    const dot = shape('circle', `chart-point ${p.tone}`, { cx: p.x, cy: p.y, r: radius });
    dot.setAttribute('data-size', String(p.size));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = p.label;
    dot.appendChild(title);
    frag.appendChild(dot);
  }
  svg.replaceChildren(frag);
}
