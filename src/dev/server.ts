// The preview server: serves the session's in-memory site over HTTP as a static host would,
// adds the reload script to the HTML pages it sends, and streams build events to open tabs
// with Server-Sent Events (`/__masthead/events`).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { MASTHEAD_ROOT } from '../paths.ts';
import { resolveRequest, type SiteFiles } from './static.ts';

/** The dev server's own URLs live under this prefix, which no site output can take. */
export const DEV_PREFIX = '__masthead';

const CLIENT = readFileSync(join(MASTHEAD_ROOT, 'src', 'dev', 'client', 'reload.js'), 'utf8');

const NOT_BUILT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>' +
  '<body><h1>Not found</h1><p>There is no page here, or the site has not built yet.</p></body></html>';

export interface DevEvent {
  /** `reload`, `css` (stylesheets renamed: swap them), `problems` or `clear`. */
  type: 'reload' | 'css' | 'problems' | 'clear';
  data: unknown;
}

export class PreviewServer {
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();

  /** `initial` gives the events a tab that connects now must see (the current problems). */
  constructor(
    private readonly site: SiteFiles,
    private readonly initial: () => DevEvent[],
  ) {
    this.server = createServer((request, response) => this.answer(request, response));
  }

  listen(port: number, host: string): Promise<{ url: string }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const actual = typeof address === 'object' && address ? address.port : port;
        const shown = host.includes(':') ? `[${host}]` : host;
        resolve({ url: `http://${shown}:${actual}/` });
      });
    });
  }

  /** Sends an event to every open tab. */
  broadcast(event: DevEvent): void {
    for (const stream of this.streams) send(stream, event);
  }

  /** Ends every open event stream and stops listening. */
  close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    response.setHeader('Cache-Control', 'no-store');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const path = (request.url ?? '/').split(/[?#]/)[0]!;
    if (path === `/${DEV_PREFIX}/events`) return this.openStream(response);
    if (path === `/${DEV_PREFIX}/reload.js`) {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : CLIENT);
      return;
    }
    const answer = resolveRequest(this.site, path);
    if (answer.kind === 'redirect') {
      const query = request.url?.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      response.writeHead(301, { Location: answer.location + query }).end();
      return;
    }
    if (answer.kind === 'missing') {
      // No 404 page (or no site yet, when the first build failed): a bare page that still
      // carries the reload script, so the overlay shows and the fix reloads it.
      const page = withReloadScript(NOT_BUILT, request, '');
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : page);
      return;
    }
    const body = answer.path.endsWith('.html')
      ? withReloadScript(String(answer.data), request, answer.status === 404 ? '' : answer.path)
      : answer.data;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(answer.status, { 'Content-Type': answer.type, 'Content-Length': bytes.byteLength });
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }

  private openStream(response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    // A comment line first, so proxies that buffer until the first bytes pass the stream on.
    response.write(': masthead dev\n\n');
    this.streams.add(response);
    response.on('close', () => this.streams.delete(response));
    for (const event of this.initial()) send(response, event);
  }
}

function send(stream: ServerResponse, event: DevEvent): void {
  stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/** The page with the reload script before `</body>`. The script's URL is relative to the page
 * (`../../__masthead/reload.js`), so it resolves under whatever host and prefix the browser
 * used; the 404 page is served at any depth, so it gets a URL relative to the request. */
function withReloadScript(html: string, request: IncomingMessage, pagePath: string): string {
  const requested = (request.url ?? '/').split(/[?#]/)[0]!;
  const depth = pagePath ? pagePath.split('/').length - 1 : Math.max(0, requested.split('/').length - 2);
  const src = `${'../'.repeat(depth)}${DEV_PREFIX}/reload.js`;
  const tag = `<script src="${src}"></script>`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}
