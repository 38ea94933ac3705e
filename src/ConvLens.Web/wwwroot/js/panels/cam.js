// CAM panel: method, target and layer; the heat layer over the photo with an opacity slider; scores and metrics.
import { el, field, select, text, fileUrl, picture, downloads } from '../ui.js';

export default {
  id: 'cam',
  title: 'CAM',
  build({ state, layerOptions, runJob }) {
    const methods = state.catalog.attributionMethods.map((m) => [m.id, m.displayName]);
    const method = select('cam-method', methods, 'grad-cam');
    const target = text('cam-target', 'auto', state.catalog.targets);
    const layer = select('cam-layer', [['', 'default (last spatial layer)'], ...layerOptions({ spatialOnly: true })], '');
    const colormap = select('cam-colormap', state.catalog.colormaps, 'viridis');
    const overlay = select('cam-overlay', ['weighted', 'uniform'], 'weighted');
    const metrics = el('input', { id: 'cam-metrics', type: 'checkbox' });
    const opacity = el('input', { id: 'cam-opacity', type: 'range', min: '0', max: '1', step: '0.05', value: '0.6' });
    const results = el('div', { class: 'results', id: 'cam-results' });
    const job = el('div');
    opacity.addEventListener('input', () => {
      for (const img of results.querySelectorAll('img.cam-layer')) img.style.opacity = opacity.value;
    });
    const run = el('button', {
      id: 'cam-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        const options = { method: method.value, target: target.value || 'auto', colormap: colormap.value, overlay: overlay.value, metrics: metrics.checked, alpha: Number(opacity.value) };
        if (layer.value) options.layer = layer.value;
        job.replaceChildren(runJob('cam', options, { done: (s) => show(s) }));
      },
    }, 'Explain');

    function show(status) {
      const r = status.result;
      for (const item of r.results) {
        const stack = el('div', { class: 'stack' },
          el('img', { class: 'cam-photo', src: fileUrl(status, r.photo), alt: 'photo' }),
          el('img', { class: 'cam-layer', src: fileUrl(status, item.layer), alt: `${item.method} heat`, style: `opacity: ${opacity.value}` }));
        const m = item.metrics;
        results.append(el('figure', { class: 'cam-result' }, stack, el('figcaption', {},
          `${item.method} · ${item.target}: score ${item.score.toPrecision(4)}`,
          m ? `, deletion AUC ${m.deletionAuc.toFixed(3)} (random ${m.randomDeletionAuc.toFixed(3)}), insertion AUC ${m.insertionAuc.toFixed(3)}` : '',
          item.warning ? ` — ${item.warning}` : '', ' ',
          el('a', { href: fileUrl(status, item.overlay), download: item.overlay }, 'overlay PNG'), ' ',
          el('a', { href: fileUrl(status, item.raw), download: item.raw }, 'raw 16-bit PNG'))));
      }
      results.append(picture(status, r.comparison, 'comparison'), downloads(status));
    }

    return el('div', {},
      el('div', { class: 'form' }, field('Method', method), field('Target', target), field('Layer', layer),
        field('Colormap', colormap), field('Overlay', overlay), field('Metrics', metrics), field('Opacity', opacity), run),
      job, results);
  },
};
