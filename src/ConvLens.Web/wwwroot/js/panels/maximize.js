// Maximize panel: the images update live during the optimisation, with the objective curve.
import { el, field, number, select, text, curve, picture, downloads } from '../ui.js';

export default {
  id: 'maximize',
  title: 'Maximize',
  build({ layerOptions, runJob }) {
    const layers = layerOptions({ spatialOnly: true });
    const layer = select('max-layer', layers, layers.find(([v]) => v === 'stage3') ? 'stage3' : layers[0]?.[0]);
    const channels = text('max-channels', '0,1,2,3', 'e.g. 0,1,2,3');
    const objective = text('max-objective', '', 'or an objective, e.g. channel:stage3:12 - 0.05*tv');
    const steps = number('max-steps', 256, 1, 100000);
    const size = number('max-size', 128, 16, 1024);
    const param = select('max-param', ['fourier', 'pixel'], 'fourier');
    const seed = number('max-seed', 0, 0, 2147483647);
    const live = el('img', { id: 'max-live', class: 'live', alt: 'live optimisation', hidden: true });
    const updates = el('span', { id: 'max-updates', class: 'muted', dataset: { count: '0' } });
    const chart = curve('max-curve');
    const results = el('div', { class: 'results' });
    const job = el('div');
    const run = el('button', {
      id: 'max-run', class: 'run', type: 'button',
      onclick: () => {
        results.replaceChildren();
        chart.set([]);
        let count = 0;
        const options = { steps: Number(steps.value), size: Number(size.value), param: param.value, seed: Number(seed.value) };
        if (objective.value.trim()) options.objective = objective.value.trim();
        else Object.assign(options, { layer: layer.value, channels: channels.value.split(',').map((c) => Number(c.trim())).filter((c) => Number.isInteger(c)) });
        job.replaceChildren(runJob('maximize', options, {
          progress: (p) => chart.add(p.step, p.objective),
          frame: (f) => {
            live.src = f.image;
            live.hidden = false;
            count += 1;
            updates.dataset.count = String(count);
            updates.textContent = `live picture ${count}, step ${f.step}/${f.total}`;
          },
          done: (s) => {
            chart.set(s.result.objectiveByStep);
            results.append(picture(s, s.result.grid, 'grid'), ...s.result.images.map((i) => picture(s, i.file, i.name)), downloads(s));
          },
        }));
      },
    }, 'Maximize');
    return el('div', {},
      el('div', { class: 'form' }, field('Layer', layer), field('Channels', channels), field('Objective', objective), field('Steps', steps),
        field('Size', size), field('Parameterization', param), field('Seed', seed), run),
      job, el('div', { class: 'results' }, el('figure', {}, live, el('figcaption', {}, updates)), chart.canvas), results);
  },
};
