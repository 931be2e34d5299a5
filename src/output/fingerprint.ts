// One hash of everything that every output depends on: masthead's own code and version, the
// templates, and the site-wide values templates see. Any change to these renders every page
// again; per-page inputs decide the rest.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../content/load.ts';
import { Diagnostics } from '../diagnostics.ts';
import { BUNDLED, MASTHEAD_ROOT } from '../paths.ts';
import type { RenderContext } from '../render/context.ts';

let engine: Promise<string> | undefined;

/** A hash of masthead itself (its version, lockfile and every source file), once per process:
 * the code a process runs does not change under it. Run from the bundle, that is the bundle's
 * own name, which bin/masthead.js makes from the same files, so nothing is read again; run from
 * source, the files are hashed as bin/masthead.js hashes them, so both ways agree. */
export function engineHash(): Promise<string> {
  engine ??= BUNDLED ? Promise.resolve(bundleName()) : sourceHash();
  return engine;
}

function bundleName(): string {
  return basename(dirname(fileURLToPath(import.meta.url)));
}

async function sourceHash(): Promise<string> {
  const root = MASTHEAD_ROOT;
  const files = [join(root, 'bin', 'masthead.js'), join(root, 'package.json'), join(root, 'package-lock.json')].filter((file) =>
    existsSync(file),
  );
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  files.push(...sources.sort().map((file) => join(root, 'src', file)));
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.slice(root.length)).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

export async function renderFingerprint(root: string, ctx: RenderContext): Promise<string> {
  const hash = createHash('sha256').update(await engineHash());
  for (const path of await listFiles(root, 'templates', (name) => name.endsWith('.liquid'), new Diagnostics())) {
    // Synchronous, as the renderer reads them to name their version: a few dozen small files.
    hash.update(path).update(readFileSync(join(root, path)));
  }
  // Not "now": it differs on every build, and what depends on it (which articles are out, the
  // news sitemap) is in the inputs of the outputs it shapes.
  hash.update(JSON.stringify({ config: ctx.site.config, site: ctx.siteGlobal, assets: ctx.assets }));
  return hash.digest('hex');
}
