// The record of what each build wrote (kept in the cache, never in the published site): for
// every output path, what the file was made from and what its bytes are, and the hash of the
// whole site, so that the next build can keep what it would write the same.
import { readFile } from 'node:fs/promises';
import { writeJsonEntries } from './json-file.ts';

export interface ManifestEntry {
  /** Hash of what the file was made from, when known. */
  inputs?: string;
  /** Hash of its bytes. */
  content: string;
  size: number;
  mtimeMs: number;
}

export type Manifest = Record<string, ManifestEntry>;

export function sameManifest(a: Manifest, b: Manifest): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const [x, y] = [a[key]!, b[key]];
    return y !== undefined && x.inputs === y.inputs && x.content === y.content && x.size === y.size && x.mtimeMs === y.mtimeMs;
  });
}

/** What the last build wrote, by output path, and the hash of its whole site. */
export async function readManifest(path: string): Promise<{ site?: string; files: Manifest }> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { site?: unknown; files?: unknown };
    const files = typeof data.files === 'object' && data.files !== null && !Array.isArray(data.files) ? (data.files as Manifest) : {};
    return { site: typeof data.site === 'string' ? data.site : undefined, files };
  } catch {
    return { files: {} };
  }
}

/** Writes the manifest entry by entry (see writeJsonEntries): at 100,000 articles it has an
 * entry for each of some 165,000 files. */
export async function writeManifest(path: string, site: string | undefined, files: Manifest): Promise<void> {
  await writeJsonEntries(path, { site }, 'files', entriesOf(files));
}

function* entriesOf(files: Manifest): Generator<[string, ManifestEntry]> {
  for (const path of Object.keys(files)) yield [path, files[path]!];
}
