// One hash of everything that every output depends on: masthead's own code and version, the
// templates, and the site-wide values templates see. Any change to these renders every page
// again; per-page inputs decide the rest.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../content/load.ts';
import { Diagnostics } from '../diagnostics.ts';
import { MASTHEAD_ROOT } from '../paths.ts';
import type { RenderContext } from '../render/context.ts';

let engine: Promise<string> | undefined;

/** A hash of masthead itself (its version and every source file), once per process: the
 * code a process runs does not change under it. */
export function engineHash(): Promise<string> {
  engine ??= (async () => {
    const hash = createHash('sha256');
    hash.update(await readFile(join(MASTHEAD_ROOT, 'package.json')));
    for (const path of await listFiles(MASTHEAD_ROOT, 'src', (name) => name.endsWith('.ts'), new Diagnostics())) {
      hash.update(path).update(await readFile(join(MASTHEAD_ROOT, path)));
    }
    return hash.digest('hex');
  })();
  return engine;
}

export async function renderFingerprint(root: string, ctx: RenderContext): Promise<string> {
  const hash = createHash('sha256').update(await engineHash());
  for (const path of await listFiles(root, 'templates', (name) => name.endsWith('.liquid'), new Diagnostics())) {
    hash.update(path).update(await readFile(join(root, path)));
  }
  // Not "now": it differs on every build, and what depends on it (which articles are out, the
  // news sitemap) is in the inputs of the outputs it shapes.
  hash.update(JSON.stringify({ config: ctx.site.config, site: ctx.siteGlobal, assets: ctx.assets }));
  return hash.digest('hex');
}
