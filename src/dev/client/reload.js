// The preview's browser side, added by `masthead dev` to the pages it serves (never to public/).
// It listens to the server's events: reload the page, swap a changed stylesheet in place, or
// show the build's problems in an overlay (in a shadow root, so the site's CSS cannot touch it
// and it cannot touch the site). Every URL is found from this script's own address, so the
// preview works under any host, port or path prefix (proxies, Codespaces).
(() => {
  const script = document.currentScript;
  const base = new URL('.', script.src); // .../__masthead/
  const siteRoot = new URL('..', base);
  const events = new EventSource(new URL('events', base));
  // Marked on this script's own element, for anyone (a test, a curious editor) to see.
  events.addEventListener('open', () => (script.dataset.connected = 'true'));
  events.addEventListener('error', () => (script.dataset.connected = 'false'));

  events.addEventListener('reload', () => location.reload());

  events.addEventListener('css', (event) => {
    // { "site.css": "assets/site.0123456789.css", ... }: the new name of each stylesheet.
    const renamed = JSON.parse(event.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const name = new URL(link.href).pathname
        .split('/')
        .pop()
        .replace(/\.[0-9a-f]{10}\.css$/, '.css');
      if (renamed[name]) link.href = new URL(renamed[name], siteRoot).href;
    }
  });

  events.addEventListener('problems', (event) => show(JSON.parse(event.data)));
  events.addEventListener('clear', () => hide());

  let host;

  function hide() {
    host?.remove();
    host = undefined;
  }

  function show({ title, problems }) {
    hide();
    host = document.createElement('masthead-problems');
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block;
        background: rgb(20 20 24 / 0.72); font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      section { margin: 6vh auto; max-width: 60rem; max-height: 88vh; overflow: auto; background: #fff; color: #1b1b1f;
        border-top: 6px solid #c62828; border-radius: 6px; padding: 1.25rem 1.5rem; box-shadow: 0 10px 40px rgb(0 0 0 / 0.4); }
      h2 { font: 600 1.1rem/1.3 system-ui, sans-serif; margin: 0 0 0.25rem; color: #b71c1c; }
      p.note { font-family: system-ui, sans-serif; margin: 0 0 1rem; color: #444; }
      li { margin: 0 0 1rem; list-style: none; }
      ol { padding: 0; margin: 0; }
      .where { font-weight: 700; }
      .warning .severity { color: #8a5a00; }
      .notice .severity { color: #33527a; }
      .error .severity { color: #b71c1c; }
      pre { background: #f4f4f6; padding: 0.5rem 0.75rem; margin: 0.35rem 0 0; overflow-x: auto; border-radius: 4px; }
      button { font: inherit; float: right; border: 0; background: none; font-size: 1.4rem; line-height: 1; cursor: pointer; }
    `;
    const panel = document.createElement('section');
    panel.setAttribute('role', 'alertdialog');
    panel.setAttribute('aria-label', title);
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '×';
    close.addEventListener('click', hide);
    const heading = document.createElement('h2');
    heading.textContent = title;
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = 'The last good version of the site is still being served. Save a fix and this page updates.';
    const list = document.createElement('ol');
    for (const problem of problems) list.append(item(problem));
    panel.append(close, heading, note, list);
    root.append(style, panel);
    document.documentElement.append(host);
  }

  function item({ file, line, column, severity, message, rule, excerpt }) {
    const li = document.createElement('li');
    li.className = severity;
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = file ? `${file}:${line}:${column}` : 'masthead';
    const kind = document.createElement('span');
    kind.className = 'severity';
    kind.textContent = `: ${severity}: `;
    li.append(where, kind, document.createTextNode(message + (rule ? ` [${rule}]` : '')));
    if (excerpt) {
      const code = document.createElement('pre');
      code.textContent = `${String(line).padStart(5)} | ${excerpt}\n${' '.repeat(5)} | ${' '.repeat(Math.max(0, column - 1))}^`;
      li.append(code);
    }
    return li;
  }
})();
