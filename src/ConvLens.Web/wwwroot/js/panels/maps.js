// Feature maps panel: a tile per channel (click to enlarge), the mean-activation overlay and the grid.
import { el, field, number, select, fileUrl, picture, downloads } from '../ui.js';

export default {
  id: 'maps',
  title: 'Feature maps',
  build({ layerOptions, runJob }) {
    const layers = layerOptions({ spatialOnly: true });
    const layer = select('maps-layer', layers, layers.find(([v]) => v === 'stage1') ? 'stage1' : layers[0]?.[0]);
    const top = number('maps-top', 32, 1, 4096);
    const norm = select('maps-norm', ['channel', 'layer'], 'channel');
    const results = el('div', { id: 'maps-results' });
    const job = el('div');
    const zoom = document.getElementById('zoom');
    const run = el('button', {
      id: 'maps-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        job.replaceChildren(runJob('maps', { layers: [layer.value], top: Number(top.value), norm: norm.value }, {
          done: (s) => {
            for (const l of s.result.layers) {
              const tiles = l.tiles.map((t) => {
                const src = fileUrl(s, t.file);
                return el('figure', {}, el('img', {
                  src, alt: `channel ${t.channel}`, title: `channel ${t.channel}: mean ${t.mean.toPrecision(3)}, max ${t.max.toPrecision(3)}`,
                  onclick: () => {
                    document.getElementById('zoom-image').src = src;
                    document.getElementById('zoom-caption').textContent = `${l.displayName} channel ${t.channel}: mean ${t.mean.toPrecision(4)}, max ${t.max.toPrecision(4)}, active on ${(100 * t.fractionActive).toFixed(1)} %`;
                    zoom.showModal();
                  },
                }), el('figcaption', {}, String(t.channel)));
              });
              results.append(el('h3', {}, `${l.displayName}: ${l.channelCount} channels ${l.height}x${l.width}`),
                el('div', { class: 'tiles' }, tiles),
                el('div', { class: 'results' }, picture(s, l.overlay, 'mean activation over the photo'), picture(s, l.grid, 'grid')));
            }
            results.append(downloads(s));
          },
        }));
      },
    }, 'Show maps');
    return el('div', {}, el('div', { class: 'form' }, field('Layer', layer), field('Top channels', top), field('Normalise per', norm), run), job, results);
  },
};
