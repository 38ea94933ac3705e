// DeepDream panel: the photo changes live, step by step, with the objective curve.
import { el, field, number, select, curve, picture, downloads } from '../ui.js';

export default {
  id: 'dream',
  title: 'DeepDream',
  build({ layerOptions, runJob }) {
    const layers = layerOptions({ spatialOnly: true });
    const layer = select('dream-layer', layers, layers.find(([v]) => v === 'stage3') ? 'stage3' : layers[0]?.[0]);
    const octaves = number('dream-octaves', 3, 1, 8);
    const steps = number('dream-steps', 10, 1, 200);
    const maxSize = number('dream-max-size', 384, 16, 4096);
    const seed = number('dream-seed', 0, 0, 2147483647);
    const live = el('img', { id: 'dream-live', class: 'live', alt: 'live dream', hidden: true });
    const chart = curve('dream-curve');
    const results = el('div', { class: 'results' });
    const job = el('div');
    const run = el('button', {
      id: 'dream-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        chart.set([]);
        const options = { layer: layer.value, octaves: Number(octaves.value), steps: Number(steps.value), maxSize: Number(maxSize.value), seed: Number(seed.value) };
        job.replaceChildren(runJob('dream', options, {
          progress: (p) => chart.add(p.step, p.objective),
          frame: (f) => { live.src = f.image; live.hidden = false; },
          done: (s) => {
            chart.set(s.result.objectiveByStep);
            results.append(picture(s, s.result.dream, 'dream'), picture(s, s.result.original, 'original'), downloads(s));
          },
        }));
      },
    }, 'Dream');
    return el('div', {},
      el('div', { class: 'form' }, field('Layer', layer), field('Octaves', octaves), field('Steps per octave', steps), field('Max size', maxSize), field('Seed', seed), run),
      job, el('div', { class: 'results' }, live, chart.canvas), results);
  },
};
