// Static files: templates/assets/** to assets/ (stylesheets renamed with a content hash so they
// can be cached forever) and content/media/** to media/.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostics } from '../diagnostics.ts';
import { listFiles } from '../content/load.ts';

export interface StaticFile {
  /** Absolute source path. */
  from: string;
  /** Output path: "assets/site.3f2a9c1d.css". */
  path: string;
}

export interface StaticFiles {
  files: StaticFile[];
  /** Template-facing names: `css` for the main stylesheet, and each asset's file name. */
  urls: Record<string, string>;
}

export async function collectStatic(root: string, diagnostics: Diagnostics): Promise<StaticFiles> {
  const files: StaticFile[] = [];
  const urls: Record<string, string> = {};
  for (const source of await listFiles(root, 'templates/assets', () => true, diagnostics)) {
    const relative = source.slice('templates/assets/'.length);
    let path = `assets/${relative}`;
    if (relative.endsWith('.css')) {
      const hash = createHash('sha256')
        .update(await readFile(join(root, source)))
        .digest('hex')
        .slice(0, 10);
      path = `assets/${relative.slice(0, -4)}.${hash}.css`;
    }
    files.push({ from: join(root, source), path });
    urls[relative] = `/${path}`;
  }
  urls.css = urls['site.css'] ?? '';
  for (const source of await listFiles(root, 'content/media', () => true, diagnostics)) {
    files.push({ from: join(root, source), path: source.slice('content/'.length) });
  }
  return { files, urls };
}
