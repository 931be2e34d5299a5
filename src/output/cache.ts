// The on-disk cache under node_modules/.cache/masthead: rendered article bodies, one file per
// body, named by a key that covers the source text, the article's URL and a fingerprint of the
// whole markdown pipeline (its packages' versions, masthead's own markdown code and options).
// Each file is whole in itself (the body, its summary and a checksum of both), so caches filled
// on different machines merge by copying folders together. A file that is unreadable, truncated,
// altered or written for another key is ignored, never trusted.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BodyLink } from '../markdown/links.ts';
import type { BodyImage } from '../markdown/plugins/images.ts';
import { MASTHEAD_ROOT } from '../paths.ts';
import { writeJsonEntries } from './json-file.ts';

export interface CachedBody {
  key: string;
  html: string;
  feedHtml: string;
  wordCount: number;
  messages: { reason: string; line: number; column: number; fatal: boolean; rule: string }[];
  links: BodyLink[];
  images: BodyImage[];
}

/** The layout of a body file; part of every key, so a change of layout renames every entry. */
const BODY_FORMAT = 'body-file-2';

const MARKDOWN_PACKAGES = [
  'unified',
  'remark-parse',
  'remark-gfm',
  'micromark-extension-directive',
  'mdast-util-directive',
  'remark-rehype',
  'rehype-raw',
  'rehype-sanitize',
  'rehype-slug',
  'hast-util-to-parse5',
  'parse5',
  'micromark',
  'mdast-util-to-hast',
  'hast-util-sanitize',
];

let pipelineFingerprint: string | undefined;

/** Changes whenever anything that shapes body HTML changes: packages, masthead's code, options. */
export function markdownFingerprint(options: object): string {
  if (pipelineFingerprint === undefined) {
    const hash = createHash('sha256');
    const require = createRequire(join(MASTHEAD_ROOT, 'package.json'));
    const root = MASTHEAD_ROOT;
    hash.update(readFileSync(join(root, 'package.json')));
    for (const name of MARKDOWN_PACKAGES) {
      try {
        const manifest = require.resolve(`${name}/package.json`);
        hash.update(`${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`);
      } catch {
        hash.update(`${name}@?`);
      }
    }
    const markdownSources = join(root, 'src', 'markdown');
    for (const entry of readdirSync(markdownSources, { recursive: true, encoding: 'utf8' }).sort()) {
      if (entry.endsWith('.ts')) hash.update(entry).update(readFileSync(join(markdownSources, entry)));
    }
    pipelineFingerprint = hash.digest('hex');
  }
  return createHash('sha256').update(pipelineFingerprint).update(JSON.stringify(options)).digest('hex').slice(0, 32);
}

export function bodyKey(fingerprint: string, bodyHash: string, url: string, quoteCount: number): string {
  return createHash('sha256')
    .update(BODY_FORMAT)
    .update('\0')
    .update(fingerprint)
    .update('\0')
    .update(url)
    .update('\0')
    .update(String(quoteCount))
    .update('\0')
    .update(bodyHash)
    .digest('hex');
}

export class BodyCache {
  /** Keys known to be on disk: a session asks once per body, not once per build. */
  private readonly present = new Set<string>();
  /** The key prefixes (folders) whose files have been listed into `present`. */
  private readonly listed = new Set<string>();

  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, 'bodies', key.slice(0, 2), `${key}.json`);
  }

  /** Whether the body of `key` is on disk. A folder is listed once, on the first question about
   * one of its keys: a build in a new process asks about every body, and 256 listings cost a
   * tenth of as many existence checks. */
  has(key: string): boolean {
    if (this.present.has(key)) return true;
    const prefix = key.slice(0, 2);
    if (this.listed.has(prefix)) return false;
    this.listed.add(prefix);
    for (const name of namesIn(join(this.dir, 'bodies', prefix))) {
      if (name.length === 69 && name.endsWith('.json')) this.present.add(name.slice(0, 64));
    }
    return this.present.has(key);
  }

  async read(key: string): Promise<CachedBody | undefined> {
    try {
      // Synchronous: a body is read while its page is rendered, on the same thread, and a
      // trip through the thread pool (open, stat, read, close) costs more than the read.
      const body = verifiedBody(key, readFileSync(this.pathOf(key), 'utf8'));
      if (!body) this.present.delete(key);
      return body;
    } catch {
      this.present.delete(key);
      return undefined;
    }
  }

  /** What the markdown stage needs of a cached body: from `index` when it lists the key and the
   * file is there (the body itself is verified when it is read), else from the body's own file,
   * verified now; undefined when neither has it and the body must be rendered. A cache merged
   * from others' has no index entry for what they rendered, and needs none. */
  summary(key: string, index: ReadonlyMap<string, BodySummary>): BodySummary | undefined {
    const listed = index.get(key);
    if (listed && this.has(key)) return listed;
    let body: CachedBody | undefined;
    try {
      // Synchronous: for thousands of small files it is faster than queueing each read.
      body = verifiedBody(key, readFileSync(this.pathOf(key), 'utf8'));
    } catch {
      return undefined;
    }
    return body && { wordCount: body.wordCount, messages: body.messages, links: body.links, images: body.images };
  }

  /** Written to a temporary name first, so a killed build never leaves half a file under the key.
   * The first line is a checksum of the rest. Synchronous: bodies are written by the thread that
   * rendered them, which has nothing else to do meanwhile, and in a cold build the main thread's
   * page writes fill the I/O threads that an asynchronous write would wait in line for (the
   * markdown threads sat idle 5 of their 46 s). */
  write(body: CachedBody): void {
    const path = this.pathOf(body.key);
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const json = JSON.stringify(body);
    const text = `${checksum(json)}\n${json}`;
    // The folder is made when missing, not asked for before every body: a cold build writes
    // thousands of bodies into 256 folders.
    try {
      writeFileSync(temporary, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temporary, text);
    }
    renameSync(temporary, path);
    this.present.add(body.key);
  }

  /** Deletes bodies no build uses any more, so the cache does not grow with every edit. */
  async prune(live: ReadonlySet<string>): Promise<void> {
    const root = join(this.dir, 'bodies');
    for (const prefix of await readdir(root).catch(() => [] as string[])) {
      for (const name of await readdir(join(root, prefix)).catch(() => [] as string[])) {
        if (live.has(name.slice(0, 64))) continue;
        await rm(join(root, prefix, name), { force: true });
        this.present.delete(name.slice(0, 64));
      }
    }
  }
}

/** The names in a folder; none when it is missing (no body with its prefix was cached yet). */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const checksum = (text: string) => createHash('sha256').update(text).digest('hex');

/** The body a file holds, if the file is whole (its checksum matches), of the right shape and
 * written for `key`. */
function verifiedBody(key: string, text: string): CachedBody | undefined {
  const newline = text.indexOf('\n');
  const json = text.slice(newline + 1);
  if (newline !== 64 || checksum(json) !== text.slice(0, newline)) return undefined;
  const body = JSON.parse(json) as CachedBody;
  const valid =
    typeof body === 'object' && body !== null && body.key === key && typeof body.html === 'string' && typeof body.feedHtml === 'string';
  return valid && isSummary(body) ? body : undefined;
}

export interface BodySummary {
  wordCount: number;
  messages: CachedBody['messages'];
  /** Checked on every build, cached or not: what they point at may have gone since. */
  links: BodyLink[];
  images: BodyImage[];
}

const INDEX_VERSION = 3;

function isSummary(value: unknown): value is BodySummary {
  if (typeof value !== 'object' || value === null) return false;
  const { wordCount, messages, links, images } = value as Partial<BodySummary>;
  const isMessage = (m: unknown) => {
    const message = m as BodySummary['messages'][number];
    return (
      typeof message === 'object' &&
      message !== null &&
      typeof message.reason === 'string' &&
      Number.isInteger(message.line) &&
      Number.isInteger(message.column) &&
      typeof message.fatal === 'boolean' &&
      typeof message.rule === 'string'
    );
  };
  const isLink = (l: unknown) => {
    const link = l as BodyLink;
    return (
      typeof link === 'object' &&
      link !== null &&
      typeof link.url === 'string' &&
      typeof link.tag === 'string' &&
      ['href', 'src', 'srcset'].includes(link.attribute) &&
      Number.isInteger(link.line) &&
      Number.isInteger(link.column)
    );
  };
  const isImage = (i: BodyImage) =>
    typeof i === 'object' && i !== null && typeof i.src === 'string' && Number.isInteger(i.line) && Number.isInteger(i.column);
  return (
    Number.isInteger(wordCount) &&
    wordCount! >= 0 &&
    Array.isArray(messages) &&
    messages.every(isMessage) &&
    Array.isArray(links) &&
    links.every(isLink) &&
    Array.isArray(images) &&
    images.every(isImage)
  );
}

/** What the markdown stage needs of every cached body without reading it: its word count,
 * messages and local links. One file, read once per build and rewritten with only the bodies still in use.
 * Only a shortcut: each body's file holds its summary too, for a body the index does not list. */
export class BodyIndex {
  private constructor(
    private readonly path: string,
    readonly entries: Map<string, BodySummary>,
  ) {}

  static async open(dir: string): Promise<BodyIndex> {
    const path = join(dir, 'index.json');
    try {
      const data = JSON.parse(await readFile(path, 'utf8')) as { version: number; entries: Record<string, BodySummary> };
      if (data.version === INDEX_VERSION && typeof data.entries === 'object' && data.entries !== null) {
        // An entry of the wrong shape is dropped: its body is rendered again.
        return new BodyIndex(path, new Map(Object.entries(data.entries).filter(([, entry]) => isSummary(entry))));
      }
    } catch {
      // A missing or unreadable index only means a cold build.
    }
    return new BodyIndex(path, new Map());
  }

  async save(live: ReadonlyMap<string, BodySummary>): Promise<void> {
    // Entry by entry: at 100,000 articles one piece of text would be tens of megabytes.
    await writeJsonEntries(this.path, { version: INDEX_VERSION }, 'entries', live);
  }
}
