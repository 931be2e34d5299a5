// What a file watcher says of the source files between two loads of them (`masthead dev`): the
// files it did not report are as the last load found them, so a rebuild after one save reads
// and stats that file alone, not the thousands of others (statting them was most of a preview
// rebuild's loading time). Every other case loads in full, as a build without a watcher does:
// before the watcher has seen one full load through, after it failed, when a folder held a
// symlink (the watcher does not follow links), and when a report names a file the last load did
// not list (an added file or folder) or one that is gone (a deletion, a rename).
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** A load that may trust the watcher: the last load's listing of each folder, and the files
 * reported since, which alone are stat'ed again. */
export interface WatchedLoad {
  listing: ReadonlyMap<string, readonly string[]>;
  reported: ReadonlySet<string>;
}

export class WatchedSources {
  /** Reported since the current load began (a report during a load is for the next one). */
  private reported = new Set<string>();
  /** The last load's listings, once a load began with the watcher already running. */
  private listing: ReadonlyMap<string, readonly string[]> | undefined;
  private watching = false;
  /** Whether the load under way began with the watcher running and can be trusted from. */
  private armed = false;

  /** The watcher is running (from now on, every write under the folders is reported). */
  started(): void {
    this.watching = true;
  }

  /** The watcher stopped or failed: load in full from now on. */
  stopped(): void {
    this.watching = false;
    // A load under way may have missed a report even if the watcher starts again before it ends.
    this.armed = false;
    this.listing = undefined;
  }

  report(paths: Iterable<string>): void {
    for (const path of paths) this.reported.add(path);
  }

  /** At the start of a load of `folders` under `root`: what it may trust, or undefined for a
   * full load. */
  begin(root: string, folders: readonly string[]): WatchedLoad | undefined {
    const reported = this.reported;
    this.reported = new Set();
    this.armed = this.watching;
    const listing = this.listing;
    this.listing = undefined;
    if (!this.watching || !listing) return undefined;
    const listed = new Set(folders.flatMap((folder) => listing.get(folder) ?? []));
    for (const path of reported) {
      const folder = path.replace(/\/$/, '');
      // A folder holding the sources came or went (`content/`): list everything again.
      if (folders.some((source) => source === folder || source.startsWith(`${folder}/`))) return undefined;
      if (!folders.some((source) => path.startsWith(`${source}/`))) continue;
      // A file the last load did not list, or one no longer there: list the folders again.
      if (!listed.has(path) || !statSync(join(root, path), { throwIfNoEntry: false })?.isFile()) return undefined;
    }
    return { listing, reported };
  }

  /** At the end of the load: what it listed (`linked`: a folder held a symlink). */
  loaded(listing: ReadonlyMap<string, readonly string[]>, linked: boolean): void {
    this.listing = this.armed && this.watching && !linked ? listing : undefined;
  }
}
