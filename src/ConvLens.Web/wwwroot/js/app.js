// The explorer page: model picker, layer browser, images, and one panel per job kind.
import { getJson, postJson, remove, upload, watch } from './api.js';
import { el, jobLine } from './ui.js';
import maps from './panels/maps.js';
import filters from './panels/filters.js';
import cam from './panels/cam.js';
import maximize from './panels/maximize.js';
import dream from './panels/dream.js';
import stats from './panels/stats.js';

const panels = [maps, filters, cam, maximize, dream, stats];
const state = { model: null, facts: null, image: null, catalog: null, datasets: [] };
const $ = (id) => document.getElementById(id);

export function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

// Layers for a <select>: aliases first (what people call them), then every spatial or all layers.
function layerOptions({ spatialOnly = false } = {}) {
  if (!state.facts) return [];
  const aliases = Object.entries(state.facts.aliases).map(([alias, name]) => [alias, `${alias} (${name})`]);
  const layers = state.facts.layers
    .filter((l) => !spatialOnly || l.outputShape.length === 4)
    .map((l) => [l.name, `${l.name} ${l.kind} [${l.outputShape.join('x')}]`]);
  return [...aliases, ...layers];
}

// Submits a job and follows it; the returned element is the job line (state, progress, ETA, cancel).
function runJob(kind, options, handlers = {}) {
  showError('');
  let job = null;
  const view = jobLine(() => job && remove(job.url).catch((e) => showError(e.message)));
  const request = { kind, model: state.model, options };
  if (state.image) request.image = state.image.id;
  if (handlers.dataset) request.dataset = handlers.dataset;
  postJson('/api/jobs', request).then((accepted) => {
    job = accepted;
    view.update(job);
    view.line.dataset.jobId = job.id;
    listJob(job);
    watch(job, {
      state: (s) => view.update(s),
      heartbeat: (s) => view.update(s),
      progress: (p) => { view.progress(p); handlers.progress && handlers.progress(p); },
      frame: (f) => handlers.frame && handlers.frame(f),
      done: (s) => {
        view.update(s);
        if (s.state === 'failed') showError(s.error);
        if (s.state === 'succeeded' && handlers.done) handlers.done(s);
      },
      error: (e) => showError(e.message),
    });
  }, (e) => { view.update({ state: 'failed', error: e.message }); showError(e.message); });
  return view.line;
}

function listJob(job) {
  $('job-list').prepend(el('li', {}, el('a', { href: job.url, target: '_blank' }, `${job.kind} ${job.id}`), ` on ${job.model}`));
}

const context = { state, layerOptions, runJob, showError };

async function pickModel(id) {
  state.model = id;
  state.facts = null;
  $('model-info').textContent = 'loading layers…';
  try {
    state.facts = await getJson(`/api/models/${encodeURIComponent(id)}/layers`);
    // What the model is fed (normalisation, resize rule) is shown: a wrong assumption makes every picture quietly wrong.
    const fed = state.facts.preprocessing.replace(/^\d+x\d+ /, '');
    $('model-info').textContent = `${state.facts.model}: input ${state.facts.input.join('x')}, ${state.facts.layers.length} layers; fed ${fed}`;
    renderLayers();
    renderPanels();
    document.body.dataset.model = id;
  } catch (e) {
    $('model-info').textContent = '';
    showError(e.message);
  }
}

function renderLayers() {
  const filter = $('layer-filter').value.toLowerCase();
  const aliasOf = Object.fromEntries(Object.entries(state.facts.aliases).map(([a, n]) => [n, a]));
  const body = $('layer-table').tBodies[0];
  body.replaceChildren(...state.facts.layers
    .filter((l) => !filter || `${l.name} ${aliasOf[l.name] || ''} ${l.kind}`.toLowerCase().includes(filter))
    .map((l) => el('tr', { class: aliasOf[l.name] ? 'alias' : '' },
      el('td', { class: 'name', title: l.name }, l.name), el('td', {}, aliasOf[l.name] || ''),
      el('td', { title: l.kind }, shortKinds[l.kind] || l.kind),
      el('td', { title: l.outputShape.length ? `[${l.outputShape.join('x')}]` : '' }, perImage(l.outputShape)),
      el('td', {}, l.receptiveField ?? '-'), el('td', {}, l.stride ?? '-'))));
}

// The table shares a side column with the images: every column must fit without horizontal scrolling.
const shortKinds = { BatchNormalization: 'BatchNorm', GlobalAveragePool: 'GlobalAvgPool', AveragePool: 'AvgPool' };

// The batch size is the same for every layer; the shape of one image is what tells layers apart.
function perImage(shape) {
  if (!shape.length) return '-';
  return (shape.length > 1 ? shape.slice(1) : shape).join('×');
}

async function loadImages(selectId) {
  const images = await getJson('/api/images');
  const list = $('image-list');
  list.replaceChildren(...images.map((image) => el('button', {
    type: 'button', title: image.name, dataset: { imageId: image.id }, class: image.id === selectId ? 'selected' : '',
    onclick: () => pickImage(image),
  }, el('img', { src: image.url, alt: image.name }))));
  const chosen = images.find((i) => i.id === selectId) || images[0];
  if (chosen) pickImage(chosen);
}

function pickImage(image) {
  state.image = image;
  for (const b of $('image-list').children) b.classList.toggle('selected', b.dataset.imageId === image.id);
  $('image-info').textContent = `${image.name}, ${image.width}x${image.height}`;
}

function renderPanels() {
  const tabs = $('tabs');
  const host = $('panels');
  const current = tabs.querySelector('[aria-selected="true"]')?.dataset.panel || 'cam';
  tabs.replaceChildren();
  host.replaceChildren();
  for (const panel of panels) {
    const body = el('div', { class: 'panel', id: `panel-${panel.id}`, hidden: panel.id !== current }, el('h2', {}, panel.title), panel.build(context));
    const tab = el('button', {
      type: 'button', role: 'tab', dataset: { panel: panel.id }, 'aria-selected': String(panel.id === current),
      onclick: () => {
        for (const t of tabs.children) t.setAttribute('aria-selected', String(t === tab));
        for (const p of host.children) p.hidden = p !== body;
      },
    }, panel.title);
    tabs.append(tab);
    host.append(body);
  }
}

async function start() {
  $('upload-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    showError('');
    try {
      const image = await upload(file);
      await loadImages(image.id);
    } catch (err) {
      showError(`upload failed: ${err.message}`);
    } finally {
      e.target.value = '';
    }
  });
  $('layer-filter').addEventListener('input', renderLayers);
  try {
    const [models, catalog, datasets] = await Promise.all([getJson('/api/models'), getJson('/api/catalog'), getJson('/api/datasets')]);
    state.catalog = catalog;
    state.datasets = datasets.map((d) => d.id);
    const picker = $('model-select');
    picker.replaceChildren(...models.map((m) => el('option', { value: m.id, title: m.description }, `${m.id} (${m.kind})`)));
    picker.addEventListener('change', () => pickModel(picker.value));
    // Images and the first model's layers are independent: asking for both at once saves a round trip to the server.
    await Promise.all([loadImages(null), pickModel(models[0].id)]);
    $('server-state').textContent = `up to ${catalog.limits.concurrency} job(s) at once`;
    document.body.dataset.ready = 'true';
    performance.mark('convlens-ready');
  } catch (e) {
    showError(e.message);
  }
}

start();
