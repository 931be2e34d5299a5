// Shared by the browser suites and scripts/screenshots.ts: a static server like the hosts the
// site is deployed to, Debian's Chromium launched headless as CI runs it, and axe-core's WCAG 2
// A/AA check.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Browser suites are skipped where Chromium is missing, except on CI, where that is a failure. */
export const SKIP = !existsSync(CHROMIUM) && process.env.CI !== 'true';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A static server like the ones the site is deployed to: "/x/" serves x/index.html, "/x" (a
// folder) redirects to "/x/", anything else missing gets 404.html with status 404.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const send = (status: number, file: string) => {
      const body = readFileSync(file);
      res.writeHead(status, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const rawPath = new URL(req.url ?? '/', 'http://localhost').pathname;
      const path = decodeURIComponent(rawPath);
      const file = normalize(join(root, path));
      const inside = file === root || file.startsWith(root + sep);
      const stat = inside ? statSync(file, { throwIfNoEntry: false }) : undefined;
      if (stat?.isDirectory() && !path.endsWith('/')) {
        res.writeHead(301, { location: `${rawPath}/` }).end();
      } else if (stat?.isDirectory() && existsSync(join(file, 'index.html'))) {
        send(200, join(file, 'index.html'));
      } else if (stat?.isFile() && !path.endsWith('/')) {
        send(200, file);
      } else {
        send(404, join(root, '404.html'));
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe-core (WCAG 2 A and AA rules) on the page; axe must already be injected. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary ?? '' })),
    }));
  });
}

export function formatViolations(where: string, violations: Violation[]): string[] {
  return violations.map((v) =>
    [
      `${v.id} (${v.impact ?? 'no impact'}) on ${where}: ${v.help} <${v.helpUrl}>`,
      ...v.nodes
        .slice(0, 8)
        .map((n) => `    at ${n.target}: ${n.html.slice(0, 200)}\n      ${n.summary.replace(/\n\s*/g, ' / ').slice(0, 400)}`),
      ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more element(s)`] : []),
    ].join('\n'),
  );
}
