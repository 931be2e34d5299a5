// The related-coverage choices (render/pages.ts, relatedArticles) on disk, for the next process:
// they depend only on the site's order and its tags, and a one-article edit in a new process asks
// for every article's (the dependency index looks at what each article page uses), which worked
// them all out again. They stand only under the key they were made for, and a file whose bytes
// do not match its checksum is not read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeJson } from '../output/json-file.ts';

export interface RelatedChoices {
  /** What the choices were made for: the site's order and every tag's articles. */
  key: string;
  /** Three positions an article (-1 for none, -2 not worked out yet). */
  chosen: Int32Array;
}

/** The choices kept at `path`, if the file is whole. */
export function readRelated(path: string): RelatedChoices | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown; chosen?: unknown; checksum?: unknown };
    if (typeof data.key !== 'string' || typeof data.chosen !== 'string') return undefined;
    const bytes = Buffer.from(data.chosen, 'base64');
    if (bytes.length % 12 !== 0 || checksum(bytes) !== data.checksum) return undefined;
    const chosen = new Int32Array(bytes.length / 4);
    Buffer.from(chosen.buffer).set(bytes);
    return { key: data.key, chosen };
  } catch {
    return undefined;
  }
}

export async function writeRelated(path: string, choices: RelatedChoices): Promise<void> {
  const bytes = Buffer.from(choices.chosen.buffer, choices.chosen.byteOffset, choices.chosen.byteLength);
  await writeJson(path, { key: choices.key, chosen: bytes.toString('base64'), checksum: checksum(bytes) });
}

/** What tells two sets of choices apart cheaply: the key, and how many are worked out. */
export function relatedVersion(choices: RelatedChoices | undefined): string {
  return choices ? `${choices.key}:${choices.chosen.filter((position) => position !== -2).length}` : '';
}

const checksum = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
