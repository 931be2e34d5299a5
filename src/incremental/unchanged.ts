// The proof that nothing changed, for a build in a new process: when every file under content/
// and templates/ is as the last clean build saw it (size, times, inode), under the same engine,
// flags and site root, and "now" publishes the same articles as then (see nowWindow), that build's
// site is this build's site. The writer then only has to find its files as it left them, and the
// build reads no record, renders nothing and plans nothing. Anything else, and the build runs in
// full, which proves the site again and writes a new proof. (How files are compared, the ones
// modified just before a build by their bytes: inputs.ts.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { statsOf, stopwatch, type BuildOptions, type BuildResult } from '../build-options.ts';
import type { Article } from '../content/articles.ts';
import { Diagnostics } from '../diagnostics.ts';
import { engineHash } from '../output/fingerprint.ts';
import { writeJson } from '../output/json-file.ts';
import type { Writer } from '../output/writer.ts';
import { sameInputs, snapshotInputs, type InputEntry } from './inputs.ts';
import { NEWS_WINDOW, PUBLISHED_ONLY, type Inclusion, type Schedule } from '../site/schedule.ts';

const VERSION = 1;

/** What a proof is for: the same engine, site root and the flags that change the output. */
export interface ProofKey {
  engine: string;
  root: string;
  include: Inclusion;
  baseUrl: string | null;
  searchIndex: string;
}

interface StoredProof {
  version: number;
  key: string;
  /** The site hash the writer's last build recorded (see site-hash.ts). */
  site: string;
  inputs: InputEntry[];
  /** "now" (in milliseconds) can be anywhere in [from, until) and the site stays the same. */
  window: [from: number, until: number];
  schedule: {
    draftsLeftOut: number;
    scheduledLeftOut: number;
    next: { title: string; date: number; zone: string; shownEarly: boolean } | null;
  };
  /** Bodies in the site, all of them in the body cache. */
  bodies: number;
}

/** What a proven build gives back to report. */
export interface Proven {
  site: string;
  schedule: Schedule;
  bodies: number;
  /** Keeps the proof again with the files no longer recent taken by their times: a proof taken
   * just after a checkout would otherwise have every later build hash every file. Undefined when
   * no file needs it. */
  renew?: () => Promise<void>;
}

/** A build's side of the proof: the one kept from the last clean build, if it holds, and how to
 * keep this build's once it has succeeded. Undefined for a build given a session (`dev` keeps
 * its own in memory) or a site root whose folders cannot be listed. */
export async function startProof(options: BuildOptions, cacheDir: string): Promise<StartedProof | undefined> {
  if (options.session) return undefined;
  let inputs: InputEntry[];
  try {
    inputs = snapshotInputs(options.root);
  } catch {
    return undefined;
  }
  const include = options.include ?? PUBLISHED_ONLY;
  const key = {
    engine: await engineHash(),
    root: options.root,
    include,
    baseUrl: options.baseUrl ?? null,
    searchIndex: options.searchIndex ?? 'build',
  };
  const newsWindowMs = NEWS_WINDOW.as('milliseconds');
  return {
    proven: readProof(cacheDir, key, options.root, inputs, options.now),
    inputs,
    keep: async ({ site, articles, schedule, bodies, zone }) => {
      const window = nowWindow(
        options.now,
        articles.map((article) => article.date.toMillis()),
        newsWindowMs,
        zone,
      );
      await saveProof(cacheDir, key, { site, inputs, window, schedule, bodies });
    },
  };
}

export interface StartedProof {
  /** The last clean build's proof, when it holds for this one. */
  proven: Proven | undefined;
  /** The input files as the snapshot saw them, before the build read any. */
  inputs: readonly InputEntry[];
  /** Keeps this build's proof (once it has succeeded cleanly). */
  keep: (build: ProvenBuild) => Promise<void>;
}

/** The result of a build whose proof holds and whose writer finds the last site as it left it;
 * undefined when either is not so, and the build must run. */
export async function reuseProvenSite(proof: StartedProof | undefined, writer: Writer): Promise<BuildResult | undefined> {
  const { timings, lap } = stopwatch();
  if (!proof?.proven || !(await writer.reuseSite(proof.proven.site))) return undefined;
  await writer.commit();
  await proof.proven.renew?.();
  lap('unchanged');
  const bodies = { rendered: 0, reused: proof.proven.bodies };
  const stats = statsOf(writer.stats.unchanged, writer, bodies, { encoded: 0, hashed: 0 }, 0);
  return { diagnostics: new Diagnostics(), schedule: proof.proven.schedule, stats, timings, searchIndex: { kind: 'unchanged' } };
}

/** What a clean build tells its proof. */
export interface ProvenBuild {
  /** Its site hash, as its writer recorded it. */
  site: string;
  /** Every article read, whether the site shows it or not (drafts, scheduled ones). */
  articles: readonly Article[];
  schedule: Schedule;
  bodies: number;
  /** The site's time zone. */
  zone: string;
}

/** The proof kept for `key`, if the inputs, as `current` shows them, and `now` still hold it. */
export function readProof(
  cacheDir: string,
  key: ProofKey,
  root: string,
  current: readonly InputEntry[],
  now: DateTime,
): Proven | undefined {
  const id = keyHash(key);
  let stored: StoredProof;
  try {
    stored = JSON.parse(readFileSync(proofFile(cacheDir, id), 'utf8')) as StoredProof;
  } catch {
    return undefined;
  }
  if (stored.version !== VERSION || stored.key !== id || !Array.isArray(stored.inputs) || !Array.isArray(stored.window)) return undefined;
  const moment = now.toMillis();
  if (!(moment >= stored.window[0] && moment < stored.window[1])) return undefined;
  if (!sameInputs(stored.inputs, current, root)) return undefined;
  const { next } = stored.schedule;
  const schedule: Schedule = {
    draftsLeftOut: stored.schedule.draftsLeftOut,
    scheduledLeftOut: stored.schedule.scheduledLeftOut,
    next: next && { title: next.title, date: DateTime.fromMillis(next.date, { zone: next.zone }), shownEarly: next.shownEarly },
  };
  const settled = stored.inputs.some((entry, i) => entry[5] !== undefined && current[i]![5] === undefined);
  const { site, window, bodies } = stored;
  const renew = settled ? () => saveProof(cacheDir, key, { site, inputs: [...current], window, schedule, bodies }) : undefined;
  return { site, schedule, bodies, renew };
}

/** Keeps the proof of a clean build: its inputs as snapshotInputs saw them before the build read
 * them, the site hash its writer recorded, and the "now" window its articles' dates allow. */
export async function saveProof(
  cacheDir: string,
  key: ProofKey,
  proof: { site: string; inputs: InputEntry[]; window: [number, number]; schedule: Schedule; bodies: number },
): Promise<void> {
  const id = keyHash(key);
  const { next } = proof.schedule;
  const stored: StoredProof = {
    version: VERSION,
    key: id,
    site: proof.site,
    inputs: proof.inputs,
    window: proof.window,
    schedule: {
      draftsLeftOut: proof.schedule.draftsLeftOut,
      scheduledLeftOut: proof.schedule.scheduledLeftOut,
      next: next && { title: next.title, date: next.date.toMillis(), zone: next.date.zoneName ?? 'UTC', shownEarly: next.shownEarly },
    },
    bodies: proof.bodies,
  };
  await writeJson(proofFile(cacheDir, id), stored);
}

/**
 * The moments around `now` at which the site would be the same: no article's date and no
 * article's end of the news window (`newsWindowMs` after it) lies between, and it is the same
 * year in the site's time zone (the footer's copyright). Within it the same articles are out, the
 * same are marked scheduled, the news sitemap lists the same ones and the next scheduled article
 * is the same: "now" changes nothing else a build makes (site-hash.ts hashes the same things).
 */
export function nowWindow(now: DateTime, articleDates: readonly number[], newsWindowMs: number, zone: string): [number, number] {
  const moment = now.toMillis();
  const year = now.setZone(zone).startOf('year');
  let from = year.toMillis();
  let until = year.plus({ years: 1 }).toMillis();
  for (const date of articleDates) {
    for (const edge of [date, date + newsWindowMs]) {
      if (edge <= moment) from = Math.max(from, edge);
      else until = Math.min(until, edge);
    }
  }
  return [from, until];
}

function keyHash(key: ProofKey): string {
  const { engine, root, include, baseUrl, searchIndex } = key;
  const fields = [VERSION, engine, resolve(root), include.drafts, include.future, baseUrl, searchIndex];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

const proofFile = (cacheDir: string, id: string) => join(cacheDir, 'unchanged', `${id.slice(0, 16)}.json`);
