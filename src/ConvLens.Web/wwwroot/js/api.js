// The JSON API, as the page uses it. Every failure becomes an Error whose message is the server's one-line error.

async function answer(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const message = body && body.error ? body.error : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

export const getJson = (url) => fetch(url).then(answer);

export const postJson = (url, value) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) }).then(answer);

export const remove = (url) => fetch(url, { method: 'DELETE' }).then(answer);

export function upload(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  return fetch('/api/images', { method: 'POST', body: form }).then(answer);
}

// Follows a job's Server-Sent Events until it is done; handlers: state, progress, frame, done (each gets the JSON data).
export function watch(job, handlers) {
  const source = new EventSource(job.events);
  for (const type of ['state', 'progress', 'frame', 'heartbeat']) {
    source.addEventListener(type, (e) => handlers[type] && handlers[type](JSON.parse(e.data)));
  }
  source.addEventListener('done', (e) => {
    source.close();
    handlers.done && handlers.done(JSON.parse(e.data));
  });
  source.onerror = () => {
    // The stream ended without "done" (server stopped): read the state once instead of reconnecting forever.
    source.close();
    getJson(job.url).then((s) => handlers.done && handlers.done(s), (err) => handlers.error && handlers.error(err));
  };
  return () => source.close();
}
