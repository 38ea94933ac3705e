// Filters panel: a convolution's kernels and their norms.
import { el, field, number, select, picture, downloads } from '../ui.js';

export default {
  id: 'filters',
  title: 'Filters',
  build({ state, runJob }) {
    const convs = state.facts.layers.filter((l) => l.kind === 'Conv' || l.kind === 'Conv2d').map((l) => [l.name, `${l.name} [${l.outputShape.join('x')}]`]);
    const layer = select('filters-layer', convs, convs[0]?.[0]);
    const count = number('filters-count', 64, 1, 4096);
    const results = el('div', { class: 'results' });
    const job = el('div');
    const run = el('button', {
      id: 'filters-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        job.replaceChildren(runJob('filters', { layer: layer.value, count: Number(count.value) }, {
          done: (s) => results.append(
            picture(s, s.result.sheet, `${s.result.displayName}: ${s.result.shape.join('x')}`),
            picture(s, s.result.norms, 'filter norms'), downloads(s)),
        }));
      },
    }, 'Show filters');
    return el('div', {}, el('div', { class: 'form' }, field('Convolution', layer), field('Count', count), run), job, results);
  },
};
