// Finds and reads the newsroom's source files: articles, pages and media under content/.
// Reads bytes, insists on UTF-8, drops a byte-order mark, and never follows a symlink loop.
import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { report, START, type Diagnostics } from '../diagnostics.ts';

export interface SourceText {
  /** Path relative to the site root, with forward slashes: `content/articles/x.md`. */
  path: string;
  text: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every file under `dir` (relative to root) whose name passes `keep`, sorted by path.
 * `onLink` is told of each symlink met on the way. */
export async function listFiles(
  root: string,
  dir: string,
  keep: (name: string) => boolean,
  diagnostics: Diagnostics,
  onLink?: () => void,
): Promise<string[]> {
  const found: string[] = [];
  const visited = new Set<string>();
  // `path` is `absolute` relative to the root, built up on the way down: path.relative() for
  // each of thousands of files was a tenth of a preview rebuild's loading time.
  async function walk(absolute: string, path: string): Promise<void> {
    const real = await realpath(absolute).catch(() => undefined);
    if (real === undefined) return;
    if (visited.has(real)) {
      report(diagnostics.file(path), 'error', `symlink loop: ${path} leads to a folder already read (a loop, or a second path to the same folder); remove the link`, START, 'symlink-loop');
      return;
    }
    visited.add(real);
    const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isSymbolicLink()) onLink?.();
      const isDir =
        entry.isDirectory() || (entry.isSymbolicLink() && (await stat(join(absolute, entry.name)).catch(() => undefined))?.isDirectory());
      if (isDir) await walk(join(absolute, entry.name), `${path}/${entry.name}`);
      else if (keep(entry.name)) found.push(`${path}/${entry.name}`);
    }
  }
  await walk(join(root, dir), toSitePath(root, join(root, dir)));
  return found;
}

function toSitePath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

/** Reads a text file; reports (and returns undefined for) one that is not valid UTF-8. */
export function readText(root: string, path: string, diagnostics: Diagnostics): SourceText | undefined {
  // Synchronous on purpose: for thousands of small files it is several times faster than
  // queueing each read through the thread pool.
  const bytes = readFileSync(join(root, path));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    report(diagnostics.file(path), 'error', 'file is not UTF-8 text: save it with UTF-8 encoding', at, 'encoding');
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, text };
}

/** Line and column of the first byte sequence that is not UTF-8, to point the editor at it. */
function firstInvalidByte(bytes: Buffer): { line: number; column: number } {
  const at = firstInvalidOffset(bytes);
  const before = bytes.subarray(0, at).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
