// Small DOM helpers shared by the panels: elements, form fields, downloads, the job line, the objective curve.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

export const field = (label, input) => el('label', {}, label, input);

export const number = (id, value, min, max, step = 1) => el('input', { id, type: 'number', value: String(value), min: String(min), max: String(max), step: String(step) });

export const text = (id, value, placeholder = '') => el('input', { id, type: 'text', value, placeholder });

export function select(id, options, value) {
  const node = el('select', { id });
  for (const option of options) {
    const [v, label] = Array.isArray(option) ? option : [option, option];
    node.append(el('option', { value: v, selected: v === value }, label));
  }
  return node;
}

export function fileUrl(job, name) {
  const file = job.files.find((f) => f.name === name);
  return file ? file.url : null;
}

// A picture with its PNG download link and a caption.
export function picture(job, name, caption, props = {}) {
  const url = fileUrl(job, name);
  return el('figure', {}, el('img', { src: url, alt: caption, ...props }),
    el('figcaption', {}, caption, ' ', el('a', { href: url, download: name }, 'PNG')));
}

// Every file of a job as a download link (JSON, CSV, PNG).
export function downloads(job) {
  return el('p', { class: 'downloads' }, 'Download: ',
    job.files.filter((f) => !f.name.endsWith('.png')).map((f) => el('a', { href: f.url, download: f.name }, f.name)),
    el('a', { href: job.url, download: `${job.id}.json` }, 'status JSON'));
}

// "running 40 % step 10/25 ETA 3 s [Cancel]": the line every long job shows.
export function jobLine(onCancel) {
  const state = el('span', { class: 'job-state', dataset: { state: 'queued' } }, 'queued');
  const bar = el('progress', { max: 1, value: 0 });
  const message = el('span', { class: 'job-message muted' });
  const eta = el('span', { class: 'job-eta muted' });
  const cancel = el('button', { class: 'cancel', type: 'button', onclick: onCancel }, 'Cancel');
  const line = el('div', { class: 'job-line' }, state, bar, message, eta, cancel);
  return {
    line,
    update(status) {
      state.textContent = status.state;
      state.dataset.state = status.state;
      cancel.hidden = ['succeeded', 'failed', 'cancelled'].includes(status.state);
      if (status.progress) this.progress(status.progress);
      if (status.error) message.textContent = status.error;
    },
    progress(p) {
      bar.value = p.fraction;
      message.textContent = p.message;
      eta.textContent = p.etaSeconds !== undefined && p.etaSeconds !== null ? `ETA ${formatSeconds(p.etaSeconds)}` : '';
    },
  };
}

export function formatSeconds(s) {
  return s < 90 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

// A line chart of the objective by step, redrawn as points arrive.
export function curve(id) {
  const canvas = el('canvas', { id, class: 'curve', width: 480, height: 140 });
  const points = [];
  function draw() {
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (points.length < 2) return;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
    const sx = (x) => 30 + ((x - x0) / (x1 - x0 || 1)) * (canvas.width - 40);
    const sy = (y) => canvas.height - 15 - ((y - y0) / (y1 - y0 || 1)) * (canvas.height - 30);
    g.strokeStyle = '#2f6fde';
    g.beginPath();
    points.forEach(([x, y], i) => (i ? g.lineTo(sx(x), sy(y)) : g.moveTo(sx(x), sy(y))));
    g.stroke();
    g.fillStyle = '#6b7280';
    g.font = '10px sans-serif';
    g.fillText(y1.toPrecision(4), 2, 12);
    g.fillText(y0.toPrecision(4), 2, canvas.height - 4);
  }
  return {
    canvas,
    add(step, value) { if (value !== undefined && value !== null) { points.push([step, value]); draw(); } },
    set(values) { points.length = 0; values.forEach((v, i) => points.push([i + 1, v])); draw(); },
  };
}
