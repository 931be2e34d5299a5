// Static files: templates/assets/** to assets/ (stylesheets and scripts minified and renamed with
// a content hash so they can be cached forever) and content/media/** to media/.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { transform, version as esbuildVersion, type Message } from 'esbuild';
import { report, type Diagnostics } from '../diagnostics.ts';
import { listFiles } from '../content/load.ts';

export interface StaticFile {
  /** Absolute source path. */
  from: string;
  /** Output path: "assets/site.3f2a9c1d.css". */
  path: string;
  /** The bytes to write instead of copying `from` (a minified stylesheet or script). */
  content?: string;
}

/** Stylesheets and scripts are what every page waits for: readers get them minified, so the
 * source can keep its comments and layout. */
const MINIFIED: Record<string, 'css' | 'js'> = { '.css': 'css', '.js': 'js' };

export interface StaticFiles {
  files: StaticFile[];
  /** Template-facing names: `css` for the main stylesheet, and each asset's file name. */
  urls: Record<string, string>;
}

/** Collects the static files; minified assets are kept in `cacheDir`/assets, keyed by their source,
 * so a build that changes no asset starts no minifier. */
export async function collectStatic(root: string, cacheDir: string, diagnostics: Diagnostics): Promise<StaticFiles> {
  const files: StaticFile[] = [];
  const urls: Record<string, string> = {};
  const minified = new MinifiedCache(join(cacheDir, 'assets'));
  for (const source of await listFiles(root, 'templates/assets', () => true, diagnostics)) {
    const relative = source.slice('templates/assets/'.length);
    const extension = extname(relative);
    const loader = MINIFIED[extension];
    if (loader) {
      const code = await minified.get(await readFile(join(root, source), 'utf8'), loader, (text) =>
        minify(text, source, loader, diagnostics),
      );
      if (code === undefined) continue;
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
      const path = `assets/${relative.slice(0, -extension.length)}.${hash}${extension}`;
      files.push({ from: join(root, source), path, content: code });
      urls[relative] = `/${path}`;
    } else {
      files.push({ from: join(root, source), path: `assets/${relative}` });
      urls[relative] = `/assets/${relative}`;
    }
  }
  await minified.prune();
  urls.css = urls['site.css'] ?? '';
  for (const source of await listFiles(root, 'content/media', () => true, diagnostics)) {
    files.push({ from: join(root, source), path: source.slice('content/'.length) });
  }
  return { files, urls };
}

/** Minified assets by a hash of their source and the minifier's version. Only output without
 * warnings is kept, so a warning is reported on every build until it is fixed. */
class MinifiedCache {
  private readonly used = new Set<string>();

  constructor(private readonly dir: string) {}

  async get(text: string, loader: 'css' | 'js', make: (text: string) => Promise<Minified | undefined>): Promise<string | undefined> {
    const name = `${createHash('sha256').update(esbuildVersion).update(loader).update(text).digest('hex')}.${loader}`;
    this.used.add(name);
    const kept = await readFile(join(this.dir, name), 'utf8').catch(() => undefined);
    if (kept !== undefined) return kept;
    const result = await make(text);
    if (result && !result.warned) {
      // Written aside and renamed, so a parallel build never reads half a file.
      await mkdir(this.dir, { recursive: true });
      const temporary = join(this.dir, `${name}.${process.pid}.tmp`);
      await writeFile(temporary, result.code);
      await rename(temporary, join(this.dir, name));
    }
    return result?.code;
  }

  /** Removes the entries of assets that no longer exist or have changed. */
  async prune(): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((e) => !this.used.has(e)).map((e) => rm(join(this.dir, e), { force: true })));
  }
}

interface Minified {
  code: string;
  warned: boolean;
}

/** The minified text of a stylesheet or script; its syntax problems become positioned
 * messages on the file (errors fail the build, as a broken template does). */
async function minify(text: string, source: string, loader: 'css' | 'js', diagnostics: Diagnostics): Promise<Minified | undefined> {
  const place = (message: Message) => ({ line: message.location?.line ?? 1, column: (message.location?.column ?? 0) + 1 });
  try {
    const result = await transform(text, { loader, minify: true, legalComments: 'none', sourcefile: source, logLevel: 'silent' });
    for (const warning of result.warnings) report(diagnostics.file(source), 'warning', warning.text, place(warning), 'asset');
    return { code: result.code, warned: result.warnings.length > 0 };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) throw error;
    for (const message of messages) report(diagnostics.file(source), 'error', message.text, place(message), 'asset');
    return undefined;
  }
}
