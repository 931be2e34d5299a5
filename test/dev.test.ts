// `masthead dev` as an editor uses it: a real process on a free port, real HTTP requests, the
// Server-Sent Events stream a browser tab listens to, and edits saved to the fixture's files.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SKIP as NO_BROWSER } from './browser.ts';
import { copyFixture, REPO } from './helpers.ts';

const ARTICLE = 'content/articles/2023/2023-04-10-trade-grows.md';

let root: string;
let child: ChildProcess;
let base: string;
/** What the shared dev server has printed so far. */
let log = () => '';

/** The events a browser tab receives, as they arrive. */
class EventStream {
  readonly events: { type: string; data: unknown }[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];

  static async open(): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(`${base}__masthead/events`, { signal: stream.controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    void stream.read(response.body!.getReader()).catch(() => {});
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type && data !== undefined) this.events.push({ type, data: JSON.parse(data) });
        for (const wake of this.waiters.splice(0)) wake();
      }
    }
  }

  /** Waits for the next event of `type` after the first `skip` events. */
  async next(type: string, skip = 0, timeout = 15_000): Promise<{ type: string; data: unknown }> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.events.slice(skip).find((event) => event.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${type}" event; got ${JSON.stringify(this.events)}\n${log()}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(path: string): Promise<{ status: number; location?: string; type?: string; cache?: string; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          location: res.headers.location,
          type: res.headers['content-type'],
          cache: res.headers['cache-control'],
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts `masthead dev` on a site: its process, what it has printed, and its address once it says it is previewing. */
function startDev(site: string): { child: ChildProcess; log: () => string; url: Promise<string> } {
  let printed = '';
  const child = spawn(process.execPath, [join(REPO, 'bin', 'masthead.js'), 'dev', '--root', site, '--port', '0', '--workers', '1'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (printed += chunk));
  child.stderr!.on('data', (chunk) => (printed += chunk));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server did not start:\n${printed}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /Previewing at (http:\/\/\S+\/)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`dev server exited:\n${printed}`)));
  });
  return { child, log: () => printed, url };
}

function edit(path: string, change: (text: string) => string): void {
  const file = join(root, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  root = copyFixture('basic');
  const dev = startDev(root);
  child = dev.child;
  log = dev.log;
  base = await dev.url;
}, 40_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('masthead dev', () => {
  it('serves the site from memory with the reload script, and never writes public/', async () => {
    const page = await rawGet('/2023/04/trade-grows/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.cache).toBe('no-store');
    expect(page.body).toContain('Trade grows for a third year');
    // Relative to the page, so it resolves under any host, port or path prefix.
    expect(page.body).toContain('<script src="../../../__masthead/reload.js"></script></body>');
    expect((await rawGet('/__masthead/reload.js')).status).toBe(200);
    expect((await rawGet('/feed.xml')).body).toContain('<rss');
    expect((await rawGet('/feed.xml')).body).not.toContain('__masthead');
    expect(existsSync(join(root, 'public'))).toBe(false);
  });

  it('answers as a static host: folder redirects, the 404 page, and nothing outside the site', async () => {
    expect(await rawGet('/tags')).toMatchObject({ status: 301, location: '/tags/' });
    const missing = await rawGet('/no/such/page/');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<script src="../../../__masthead/reload.js">');
    for (const attempt of [
      '/../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/%5c..%5cpackage.json',
      '/assets/..\\..\\package.json',
      '/%00index.html',
      '/content/site.yaml',
      '/.masthead',
    ]) {
      const answer = await rawGet(attempt);
      expect(answer.status, attempt).toBe(404);
      expect(answer.body, attempt).not.toContain('"name": "masthead"');
    }
  });

  it('reloads open tabs after an edit, and serves the new text', async () => {
    const stream = await EventStream.open();
    edit(ARTICLE, (text) => text.replace('title: Trade grows for a third year', 'title: Trade grows for a fourth year'));
    await stream.next('reload');
    expect((await rawGet('/2023/04/trade-grows/')).body).toContain('Trade grows for a fourth year');
    expect((await rawGet('/')).body).toContain('Trade grows for a fourth year');
    stream.close();
  });

  it('keeps serving the last good page while the content is broken, with the problems for the overlay', async () => {
    const stream = await EventStream.open();
    edit(ARTICLE, (text) => text.replace('date: 2023-04-10', 'date: 2023-02-30'));
    const problems = (await stream.next('problems')).data as { problems: Record<string, unknown>[] };
    expect(problems.problems).toContainEqual(
      expect.objectContaining({ file: ARTICLE, line: 3, severity: 'error', excerpt: 'date: 2023-02-30' }),
    );
    expect((await rawGet('/2023/04/trade-grows/')).body).toContain('Trade grows for a fourth year');
    // A tab opened now sees the problems at once.
    const late = await EventStream.open();
    await late.next('problems');
    late.close();

    const seen = stream.events.length;
    edit(ARTICLE, (text) => text.replace('date: 2023-02-30', 'date: 2023-04-12'));
    await stream.next('clear', seen);
    await stream.next('reload', seen);
    expect((await rawGet('/2023/04/trade-grows/')).body).toContain('datetime="2023-04-12');
    stream.close();
  });

  it('follows articles being added and deleted, on the home and tag pages too', async () => {
    const stream = await EventStream.open();
    const added = 'content/articles/2023/2023-06-20-new-bridge.md';
    writeFileSync(
      join(root, added),
      '---\ntitle: A new bridge opens\ndate: 2023-06-20\nauthor: ben\ntags: [economy]\n---\n\nThe bridge opened today.\n',
    );
    await stream.next('reload');
    expect((await rawGet('/2023/06/new-bridge/')).body).toContain('A new bridge opens');
    expect((await rawGet('/')).body).toContain('A new bridge opens');
    expect((await rawGet('/tags/economy/')).body).toContain('A new bridge opens');

    const seen = stream.events.length;
    rmSync(join(root, added));
    await stream.next('reload', seen);
    expect((await rawGet('/2023/06/new-bridge/')).status).toBe(404);
    expect((await rawGet('/')).body).not.toContain('A new bridge opens');
    expect((await rawGet('/tags/economy/')).body).not.toContain('A new bridge opens');
    stream.close();
  });

  it('swaps the stylesheet without a reload when only CSS changed', async () => {
    const stream = await EventStream.open();
    edit('templates/assets/site.css', (text) => `${text}\n.dev-test-rule { color: red; }\n`);
    const renamed = (await stream.next('css')).data as Record<string, string>;
    expect(renamed['site.css']).toMatch(/^assets\/site\.[0-9a-f]{10}\.css$/);
    expect((await rawGet(`/${renamed['site.css']}`)).body).toContain('.dev-test-rule');
    expect(stream.events.some((event) => event.type === 'reload')).toBe(false);
    stream.close();
  });

  it.skipIf(NO_BROWSER)('in Chromium: the overlay shows each problem over the page, and the fix reloads it away', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
      await page.goto(`${base}2023/04/trade-grows/`);
      await page.locator('script[src$="__masthead/reload.js"][data-connected="true"]').waitFor({ state: 'attached' });
      edit(ARTICLE, (text) => text.replace(/^author: ben$/m, 'author: benn'));
      const overlay = page.locator('masthead-problems');
      const dialog = overlay.getByRole('alertdialog');
      await dialog.waitFor();
      const text = await dialog.innerText();
      expect(text).toContain(`${ARTICLE}:4:9`);
      expect(text).toContain('unknown author "benn"');
      expect(text).toContain('author: benn'); // the offending line
      if (process.env.MASTHEAD_SCREENSHOTS) await page.screenshot({ path: process.env.MASTHEAD_SCREENSHOTS });
      // Still the last good page underneath.
      expect(await page.locator('h1').first().innerText()).toContain('Trade grows');

      const reloaded = page.waitForEvent('load');
      edit(ARTICLE, (text) => text.replace(/^author: benn$/m, 'author: ben').replace(/^summary: .*$/m, 'summary: Exports rose once more.'));
      await reloaded;
      await expect.poll(() => page.locator('body').innerText()).toContain('Exports rose once more.');
      expect(await overlay.count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('stops on SIGINT within a second, with exit status 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const stream = await EventStream.open(); // an open stream must not hold the server up
    const sent = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(1000);
    stream.close();
  });
});

describe('masthead dev on a site without templates yet', () => {
  it('keeps serving, says what is wrong, and builds once templates/ appears', async () => {
    const site = copyFixture('basic');
    rmSync(join(site, 'templates'), { recursive: true, force: true });
    const started = startDev(site);
    const dev = started.child;
    try {
      const url = await started.url;
      expect(started.log()).toMatch(/templates\/\S*: error: /);
      const before = await fetch(url);
      expect(before.status).toBe(404);
      expect(await before.text()).toContain('__masthead/reload.js');

      cpSync(join(REPO, 'templates'), join(site, 'templates'), { recursive: true });
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await fetch(url)).status;
      }
      expect(status, started.log()).toBe(200);
      const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
      dev.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (dev.exitCode === null) dev.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
    }
  });
});

describe('masthead dev when the process that started it is killed outright', () => {
  it('stops serving, leaving no server behind on the port', async () => {
    const site = copyFixture('basic');
    const started = startDev(site);
    const dev = started.child;
    try {
      const url = await started.url;
      expect((await fetch(url)).status).toBe(200);
      dev.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      let serving = true;
      while (serving && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        serving = await fetch(url).then(
          () => true,
          () => false,
        );
      }
      expect(serving, started.log()).toBe(false);
    } finally {
      if (dev.exitCode === null) dev.kill('SIGKILL');
      rmSync(site, { recursive: true, force: true });
    }
  });
});
