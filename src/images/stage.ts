// The image stage: finds every local image the site shows, and for each one not already in the
// image cache (keyed by its bytes, the image options and masthead's image code) encodes its
// resized versions and sharing card, in a worker pool when there are enough to pay for one.
// A file whose size and modification time are those of the last build is not read at all:
// its bytes' hash comes from the cache (files.ts), as rsync decides. A file that cannot be
// decoded is an error at every place that shows it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteConfig } from '../config.ts';
import { report } from '../diagnostics.ts';
import type { StaticFile } from '../output/assets.ts';
import { MASTHEAD_ROOT } from '../paths.ts';
import { FileHashes, type FileHash } from './files.ts';
import { CARD, cardPath, mediaPath, variantName, variantPath, type ImageInfo } from './formats.ts';
import { imageUses, type ImageSources, type ImageUse } from './uses.ts';
import type { WorkerPool } from '../workers/pool.ts';
import encodeImages, { encoderVersions, type ImageResult, type ImageTask } from './worker.ts';

export interface ImageStageOptions {
  cacheDir: string;
  /** Whether the cache outlives this build (its index is saved and unused entries pruned). */
  persistent: boolean;
  /** The process's worker threads; used when there are enough images to encode. */
  pool: WorkerPool;
}

export interface LocalImage {
  /** The file's path under content/, as a site path: /media/2023/photo.jpg. */
  src: string;
  key: string;
  info: ImageInfo;
}

/** What the later stages need: each image by its site path, and the files to publish. */
export interface ImageSet {
  get(src: string): LocalImage | undefined;
  files: StaticFile[];
  /** Images encoded by this build (0 when every one came from the cache). */
  encoded: number;
  /** Image files read and hashed by this build: those new, or with another size or time. */
  hashed: number;
}

/** Below this many images to encode, worker threads (each loading sharp) cost more than they save. */
const POOL_THRESHOLD = 6;
const INDEX_VERSION = 2;

export async function processImages(
  root: string,
  config: SiteConfig,
  sources: ImageSources,
  options: ImageStageOptions,
): Promise<ImageSet> {
  const bySrc = new Map<string, ImageUse[]>();
  for (const use of imageUses(config, sources)) {
    const path = mediaPath(use.src);
    if (path) bySrc.set(path, [...(bySrc.get(path) ?? []), use]);
  }
  const folderOf = (key: string) => join(options.cacheDir, 'images', key.slice(0, 2), key);
  const { entries: index, files: knownFiles } = options.persistent ? await readIndex(options.cacheDir) : emptyIndex();
  const hashes = new FileHashes(knownFiles);
  // Only a site that shows images loads the encoder (for its version).
  const fingerprint = bySrc.size > 0 ? imageFingerprint(config.images) : '';
  const found: { src: string; key: string }[] = [];
  const todo = new Map<string, ImageTask['items'][number]>();
  const usesOf = new Map<string, ImageUse[]>();
  for (const [src, uses] of bySrc) {
    const file = join(root, 'content', src);
    const contentHash = await hashes.hash(src, file);
    // A missing file is reported by the reference checks, where they know what to suggest.
    if (!contentHash) continue;
    const card = uses.some((use) => use.card);
    const key = createHash('sha256')
      .update(fingerprint)
      .update(card ? 'card' : '')
      .update(contentHash)
      .digest('hex');
    found.push({ src, key });
    usesOf.set(key, [...(usesOf.get(key) ?? []), ...uses]);
    const known = index.get(key);
    const cached = known && filesOf(known).every((name) => existsSync(join(folderOf(key), name)));
    if (!cached) todo.set(key, { key, file, card, folder: folderOf(key) });
  }
  const infos = new Map([...index].filter(([key]) => !todo.has(key)));
  for (const result of await encode({ options: config.images, items: [...todo.values()] }, options.pool)) {
    if ('info' in result) {
      infos.set(result.key, result.info);
      continue;
    }
    for (const use of usesOf.get(result.key) ?? []) {
      const reason = `image "${use.src}" cannot be read (${result.problem}): replace it with a JPEG, PNG, WebP, GIF or SVG file`;
      report(use.file, 'error', reason, use.place(), 'image');
    }
  }
  const images = new Map<string, LocalImage>();
  for (const { src, key } of found) {
    const info = infos.get(key);
    if (info) images.set(src, { src, key, info });
  }
  if (options.persistent) await saveIndex(options.cacheDir, [...images.values()], hashes.used());
  return {
    get: (src) => images.get(mediaPath(src) ?? ''),
    files: [...images.values()].flatMap((image) => published(image, folderOf(image.key))),
    encoded: todo.size,
    hashed: hashes.hashed,
  };
}

async function encode(task: ImageTask, pool: WorkerPool): Promise<ImageResult[]> {
  if (task.items.length === 0) return [];
  if (!pool.pays(task.items.length, POOL_THRESHOLD)) return encodeImages(task);
  // One image per task: images differ in cost far more than bodies do.
  const results = await Promise.all(task.items.map((item) => pool.run('images', { options: task.options, items: [item] })));
  return results.flat();
}

function filesOf(info: ImageInfo): string[] {
  return [...info.variants.map((v) => variantName(v.width, v.format)), ...(info.card ? [CARD.name] : [])];
}

function published(image: LocalImage, folder: string): StaticFile[] {
  const files = image.info.variants.map((v) => ({
    from: join(folder, variantName(v.width, v.format)),
    path: variantPath(image.src, image.key, v.width, v.format).slice(1),
  }));
  if (image.info.card) files.push({ from: join(folder, CARD.name), path: cardPath(image.src, image.key).slice(1) });
  return files;
}

let codeFingerprint: string | undefined;

/** Changes with anything that shapes the encoded bytes: sharp's version, this code, the options. */
function imageFingerprint(options: SiteConfig['images']): string {
  if (codeFingerprint === undefined) {
    const hash = createHash('sha256');
    hash.update(encoderVersions());
    const folder = join(MASTHEAD_ROOT, 'src', 'images');
    for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
    codeFingerprint = hash.digest('hex');
  }
  return createHash('sha256').update(codeFingerprint).update(JSON.stringify(options)).digest('hex');
}

function isInfo(value: unknown): value is ImageInfo {
  const info = value as ImageInfo;
  return (
    typeof info === 'object' &&
    info !== null &&
    Number.isInteger(info.width) &&
    Number.isInteger(info.height) &&
    typeof info.format === 'string' &&
    typeof info.card === 'boolean' &&
    Array.isArray(info.variants) &&
    info.variants.every((v) => Number.isInteger(v.width) && ['jpeg', 'png', 'webp', 'avif'].includes(v.format))
  );
}

interface StoredIndex {
  /** What each encoded image is, by its key. */
  entries: Map<string, ImageInfo>;
  /** Each source file's size, time and hash when last read, by its site path. */
  files: Map<string, FileHash>;
}

const emptyIndex = (): StoredIndex => ({ entries: new Map(), files: new Map() });

async function readIndex(cacheDir: string): Promise<StoredIndex> {
  try {
    const data = JSON.parse(await readFile(join(cacheDir, 'images', 'index.json'), 'utf8')) as {
      version: number;
      entries: object;
      files: unknown;
    };
    if (data.version === INDEX_VERSION)
      return { entries: new Map(Object.entries(data.entries).filter(([, info]) => isInfo(info))), files: FileHashes.parse(data.files) };
  } catch {
    // No index, or an unreadable one: every image is read and encoded again.
  }
  return emptyIndex();
}

/** Keeps only the images in use, in the index and on disk, so the cache does not grow with every edit. */
async function saveIndex(cacheDir: string, images: LocalImage[], files: Record<string, FileHash>): Promise<void> {
  const entries = Object.fromEntries(images.map((image) => [image.key, image.info]));
  const root = join(cacheDir, 'images');
  await mkdir(root, { recursive: true });
  for (const shard of await readdir(root, { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const name of await readdir(join(root, shard.name)))
      if (!(name in entries)) await rm(join(root, shard.name, name), { recursive: true, force: true });
  }
  const text = JSON.stringify({ version: INDEX_VERSION, entries, files });
  const path = join(root, 'index.json');
  if ((await readFile(path, 'utf8').catch(() => '')) === text) return;
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
