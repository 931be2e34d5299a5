// `masthead dev`: build the site into memory, serve it, and rebuild on every saved change,
// telling open tabs to reload (or to swap the stylesheet, when only CSS changed). Problems
// are printed as `build` prints them and shown in the browser over the last good page.
import { spawn } from 'node:child_process';
import { formatMessage, UsageError } from '../diagnostics.ts';
import { DevSession, type BuildOutcome } from '../dev/session.ts';
import { PreviewServer, type DevEvent } from '../dev/server.ts';
import { watchSources, type Watcher } from '../dev/watch.ts';

export interface DevCommandOptions {
  root: string;
  port: number;
  host: string;
  /** Open the preview in the default browser once it is up. */
  open: boolean;
  /** --cache: the cache folder. @default ROOT/node_modules/.cache/masthead */
  cacheDir?: string;
  workers?: number;
}

/** Runs until SIGINT or SIGTERM; returns the exit status. */
export async function runDev(options: DevCommandOptions): Promise<number> {
  const session = new DevSession({ root: options.root, cacheDir: options.cacheDir, workers: options.workers });
  const server = new PreviewServer(session.site, () =>
    session.problems.length > 0 ? [{ type: 'problems', data: overlay(session.problems.length, session.problems) }] : [],
  );
  // Watching from before the first build: what changes during it starts one more, and a first
  // build seen through with the watcher running is what lets later ones read only the files it
  // reports (incremental/watched-sources.ts), the first save after starting among them.
  const watcher: Watcher = watchSources(
    options.root,
    async (paths) => {
      session.sourcesChanged(paths);
      const outcome = await session.rebuild();
      report(outcome, paths);
      for (const event of eventsFor(outcome, paths, session)) server.broadcast(event);
    },
    (error) => console.error(`masthead: watching stopped: ${error.message}; restart masthead dev`),
    (watchingContent) => session.watchingContent(watchingContent),
  );
  const first = await session.rebuild();
  report(first, []);
  let url: string;
  try {
    ({ url } = await server.listen(options.port, options.host));
  } catch (error) {
    watcher.close();
    await session.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`port ${options.port} on ${options.host} is in use: stop what uses it or pass --port N`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${options.host} is not an address of this machine`);
    throw error;
  }
  try {
    console.log(`Previewing at ${url} (drafts and scheduled articles included). Press Ctrl-C to stop.`);
    if (options.open) openBrowser(url);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } finally {
    // Whatever happened, the port, the watchers, Pagefind and the worker threads are let go,
    // so the process can end.
    watcher.close();
    await server.close();
    await session.search.stop();
    await session.close();
  }
}

function eventsFor(outcome: BuildOutcome, paths: string[], session: DevSession): DevEvent[] {
  if (outcome.kind !== 'built') return [{ type: 'problems', data: overlay(outcome.problems.length, outcome.problems) }];
  const cleared: DevEvent[] = [{ type: 'clear', data: null }];
  if (outcome.changed.length === 0) return cleared;
  // Only stylesheets edited: swap them in place, keeping the reader's scroll position.
  if (paths.every((path) => path.startsWith('templates/assets/') && path.endsWith('.css'))) {
    const renamed: Record<string, string> = {};
    for (const path of session.site.paths()) {
      const match = /^assets\/(.+)\.[0-9a-f]{10}\.css$/.exec(path);
      if (match) renamed[`${match[1]!.split('/').pop()}.css`] = path;
    }
    return [...cleared, { type: 'css', data: renamed }];
  }
  return [...cleared, { type: 'reload', data: outcome.changed.length }];
}

function overlay(count: number, problems: unknown[]): { title: string; problems: unknown[] } {
  return { title: `The site did not build: ${count} problem${count === 1 ? '' : 's'}`, problems };
}

function report(outcome: BuildOutcome, paths: string[]): void {
  const seconds = (outcome.milliseconds / 1000).toFixed(2);
  const what = paths.length === 0 ? 'Built' : `${paths.length === 1 ? paths[0] : `${paths.length} files`} changed: rebuilt`;
  if (outcome.kind === 'built') {
    for (const message of outcome.result.diagnostics.messages()) console.error(formatMessage(message));
    console.log(`${what} in ${seconds} s, ${outcome.changed.length} file${outcome.changed.length === 1 ? '' : 's'} updated.`);
  } else if (outcome.kind === 'failed') {
    for (const message of outcome.diagnostics.messages()) console.error(formatMessage(message));
    const errors = outcome.diagnostics.errorCount();
    console.error(`\n${errors} error${errors === 1 ? '' : 's'}: still serving the last good version of every page.`);
  } else {
    const detail = outcome.error instanceof Error ? (outcome.error.stack ?? outcome.error.message) : String(outcome.error);
    console.error('masthead: internal error while rebuilding; still serving the last good site.');
    console.error('This is a bug in masthead, not in your content. Please report it with the details below.');
    console.error(detail);
  }
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`masthead: could not open a browser (${command}); open ${url} yourself`));
  child.unref();
}
