// Statistics panel: a dataset from --data, progress with ETA, dead and rare filters, histograms.
import { el, field, number, select, picture, downloads } from '../ui.js';

export default {
  id: 'stats',
  title: 'Statistics',
  build({ state, layerOptions, runJob }) {
    if (state.datasets.length === 0) {
      return el('p', { class: 'muted' }, 'Start the server with --data DIR to measure datasets.');
    }

    const dataset = select('stats-dataset', state.datasets, state.datasets[0]);
    const layers = layerOptions({ spatialOnly: true });
    const layer = select('stats-layer', layers, layers.find(([v]) => v === 'stage4') ? 'stage4' : layers[0]?.[0]);
    const batch = number('stats-batch', 16, 1, 1024);
    const results = el('div', {});
    const job = el('div');
    const ids = (title, list) => el('div', {}, el('h4', {}, `${title} (${list.length})`), list.length ? el('ul', { class: 'ids' }, list.map((c) => el('li', {}, String(c)))) : el('p', { class: 'muted' }, 'none'));
    const run = el('button', {
      id: 'stats-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        job.replaceChildren(runJob('stats', { layers: [layer.value], batch: Number(batch.value) }, {
          dataset: dataset.value,
          done: (s) => {
            results.append(el('p', {}, `${s.result.imagesProcessed} images measured, ${s.result.skipped.length} skipped`));
            for (const l of s.result.layers) {
              results.append(el('h3', {}, l.summary), ids('Dead', l.health.dead), ids('Rare', l.health.rare),
                el('div', { class: 'results' }, picture(s, l.histogram, 'histogram'), picture(s, l.fractionActive, 'fraction active')));
            }
            results.append(downloads(s));
          },
        }));
      },
    }, 'Measure');
    return el('div', {}, el('div', { class: 'form' }, field('Dataset', dataset), field('Layer', layer), field('Batch', batch), run), job, results);
  },
};
