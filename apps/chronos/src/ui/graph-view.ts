// `#/graph`: the dependency graph as SVG (jobs in layers by dependency depth, arrows parent → child).
import { fill, h, live, table } from '@strato/ui';
import { api } from './api';
import { fitLabel, layout, Layout, NODE, parseGraphCsv, PlacedNode } from './graph-layout';
import { guarded, jobLink, refill, View } from './view-kit';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (`h` builds HTML ones); children may be text. */
function s(tag: string, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return el;
}

const STROKE: Record<string, string> = { success: '#1f7a3a', failure: '#b42318' };

function nodeOf(node: PlacedNode): SVGElement {
  const busy = /running|queued/.test(node.current);
  return s(
    'a',
    { href: `#/jobs/${encodeURIComponent(node.name)}`, class: 'graph-node', 'data-job': node.name },
    s('title', {}, `${node.name}: last run ${node.last}, now ${node.current}`),
    s('rect', { x: node.x, y: node.y, width: NODE.width, height: NODE.height, rx: 6, fill: busy ? '#e3ecfb' : '#ffffff', stroke: STROKE[node.last] ?? '#5b6475', 'stroke-width': 2 }),
    s('text', { x: node.x + 10, y: node.y + 17, fill: '#1d2330' }, fitLabel(node.name)),
    s('text', { x: node.x + 10, y: node.y + 32, fill: '#5b6475', 'font-size': 11 }, `${node.last} · ${node.current}`),
  );
}

function edgeOf(from: PlacedNode, to: PlacedNode): SVGElement {
  return s(
    'line',
    { x1: from.x + NODE.width, y1: from.y + NODE.height / 2, x2: to.x - 2, y2: to.y + NODE.height / 2, stroke: '#5b6475', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)', class: 'graph-edge', 'data-from': from.name, 'data-to': to.name },
    s('title', {}, `${from.name} → ${to.name}`),
  );
}

function drawing(placed: Layout): SVGElement {
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const summary = `Dependency graph: ${count(placed.nodes.length, 'job', 'jobs')}, ${count(placed.edges.length, 'dependency', 'dependencies')}`;
  return s(
    'svg',
    { xmlns: SVG_NS, width: placed.width, height: placed.height, viewBox: `0 0 ${placed.width} ${placed.height}`, 'aria-labelledby': 'graph-title', role: 'group' },
    s('title', { id: 'graph-title' }, summary),
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#5b6475' }))),
    ...placed.edges.map((e) => edgeOf(e.from, e.to)),
    ...placed.nodes.map(nodeOf),
  );
}

export function graphView(main: HTMLElement, status: HTMLElement): View {
  const body = h('div');
  fill(
    main,
    h('h2', { tabindex: -1 }, 'Dependency graph'),
    h('p', { class: 'muted' }, 'Jobs in columns by dependency depth; an arrow runs from a parent to the job that runs after it. Border: green = last run succeeded, red = failed, grey = not run yet; blue fill = queued or running.'),
    body,
  );
  return live(
    body,
    status,
    guarded('the dependency graph', async (el) => {
      const graph = parseGraphCsv(await api.graphCsv());
      const placed = layout(graph);
      refill(
        el,
        h('section', { class: 'card', style: 'overflow:auto' }, graph.nodes.length === 0 ? h('p', { class: 'muted' }, 'No jobs yet.') : drawing(placed)),
        table('Dependencies (parent → child)', ['Parent', 'Child'], graph.edges.map(([p, c]) => [jobLink(p), jobLink(c)]), 'No job depends on another.'),
      );
    }),
  );
}
