// The dependency and link-check state on disk, for the next process: what each output was made
// from, each record's version and each page's checked ids. It grows with the site (3.6 MB for a
// 4,000-article one), while an edit changes a few entries: so it is kept in 256 files by key
// (recordShard), and a build rewrites only the files holding an entry that changed. A head file
// names the generation each file must have; a build killed between writing them leaves files the
// head does not name, and the whole state is then taken as missing (the next build works it out
// again), never a mix of two builds' entries, which could keep an output made from other inputs.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkCheckState } from '../links/check.ts';
import { writeJson } from '../output/json-file.ts';
import type { BuildState } from './dependencies.ts';
import { recordShard } from './record-cache.ts';

const VERSION = 2;

type Page = { inputs: string; ids: readonly string[] };

export interface State {
  dependencies?: BuildState;
  links?: LinkCheckState;
}

interface Head {
  version: number;
  generation: number;
  dependencies: { siteKey: string } | null;
  links: { siteKey: string } | null;
  /** The generation each shard file holds. */
  shards: Record<string, number>;
}

interface Shard {
  generation: number;
  versions: Record<string, string>;
  inputs: Record<string, string>;
  pages: Record<string, Page>;
}

/** What the last build kept in `dir`, with the head it was read from; undefined when missing,
 * unreadable or not whole. */
export function readState(dir: string): { state: State; head: Head } | undefined {
  try {
    const head = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')) as Head;
    if (head.version !== VERSION || typeof head.shards !== 'object') return undefined;
    const versions = new Map<string, string>();
    const inputs = new Map<string, string>();
    const pages = new Map<string, Page>();
    for (const [name, generation] of Object.entries(head.shards)) {
      const shard = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Shard;
      if (shard.generation !== generation) return undefined;
      for (const [key, value] of Object.entries(shard.versions)) versions.set(key, value);
      for (const [key, value] of Object.entries(shard.inputs)) inputs.set(key, value);
      for (const [key, value] of Object.entries(shard.pages)) pages.set(key, value);
    }
    const state: State = {
      dependencies: head.dependencies ? { siteKey: head.dependencies.siteKey, versions, inputs } : undefined,
      links: head.links ? { siteKey: head.links.siteKey, pages } : undefined,
    };
    return { state, head };
  } catch {
    return undefined;
  }
}

/** Writes `next`, rewriting only the shard files in which it differs from `last` (the state as
 * read or last written, with its head); returns the new head. */
export async function writeState(dir: string, next: State, last: { state: State; head: Head } | undefined): Promise<Head> {
  const changed = new Set<string>();
  const before = last?.state ?? {};
  differing(before.dependencies?.versions, next.dependencies?.versions, (a, b) => a === b, changed);
  differing(before.dependencies?.inputs, next.dependencies?.inputs, (a, b) => a === b, changed);
  differing(before.links?.pages, next.links?.pages, samePage, changed);
  const generation = (last?.head.generation ?? 0) + 1;
  const shards: Record<string, number> = last ? { ...last.head.shards } : {};
  await mkdir(dir, { recursive: true });
  if (!last) for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true }); // another version's files
  // One file at a time, each made from its keys and let go once written: every shard's object
  // made at once was a second copy of the whole state (an entry for each of 400,000 keys at
  // 100,000 articles) at the end of the build, where a large archive's memory peaks.
  const keys = new Map<string, { versions: string[]; inputs: string[]; pages: string[] }>(
    [...changed].map((name) => [name, { versions: [], inputs: [], pages: [] }]),
  );
  const group = (map: ReadonlyMap<string, unknown> | undefined, field: 'versions' | 'inputs' | 'pages') => {
    for (const key of map?.keys() ?? []) keys.get(recordShard(key))?.[field].push(key);
  };
  group(next.dependencies?.versions, 'versions');
  group(next.dependencies?.inputs, 'inputs');
  group(next.links?.pages, 'pages');
  const pick = <T>(map: ReadonlyMap<string, T> | undefined, names: readonly string[]) =>
    Object.fromEntries(names.map((key) => [key, map!.get(key)!]));
  for (const [name, shardKeys] of keys) {
    const shard: Shard = {
      generation,
      versions: pick(next.dependencies?.versions, shardKeys.versions),
      inputs: pick(next.dependencies?.inputs, shardKeys.inputs),
      pages: pick(next.links?.pages, shardKeys.pages),
    };
    await writeJson(join(dir, `${name}.json`), shard);
    shards[name] = generation;
  }
  const head: Head = {
    version: VERSION,
    generation,
    dependencies: next.dependencies ? { siteKey: next.dependencies.siteKey } : null,
    links: next.links ? { siteKey: next.links.siteKey } : null,
    shards,
  };
  await writeJson(join(dir, 'head.json'), head);
  return head;
}

/** Adds to `changed` the shard of every key whose value differs between the two maps. */
function differing<T>(
  a: ReadonlyMap<string, T> | undefined,
  b: ReadonlyMap<string, T> | undefined,
  same: (x: T, y: T) => boolean,
  changed: Set<string>,
): void {
  if (a === b) return;
  for (const [key, value] of b ?? []) {
    const old = a?.get(key);
    if (old === undefined || !same(old, value)) changed.add(recordShard(key));
  }
  for (const key of a?.keys() ?? []) if (!b?.has(key)) changed.add(recordShard(key));
}

const samePage = (a: Page, b: Page) =>
  a === b || (a.inputs === b.inputs && a.ids.length === b.ids.length && a.ids.every((id, i) => id === b.ids[i]));
