// Where masthead itself is installed. The engine runs either from its TypeScript source or from
// a bundle of it (see bin/masthead.js), so this is found by looking, not by a fixed relative path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'masthead') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find masthead's package.json above ${start}`);
  }
}

/** The folder holding masthead's package.json, src/ and templates. */
export const MASTHEAD_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const VERSION = (JSON.parse(readFileSync(join(MASTHEAD_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** True when running from the bundle rather than the TypeScript source. */
export const BUNDLED = !import.meta.url.endsWith('.ts');
