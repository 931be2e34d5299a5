// Watches the site's sources (content/ and templates/, recursively) and reports a batch of
// changed paths once saving has settled: editors write a file in several steps (a temporary
// file, a rename, a second write), and one save should cause one build. A folder that is
// missing (or deleted, or renamed away) is watched for from the site root, so creating it later
// works without a restart.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** How long the folders must be quiet before a batch of changes is reported: editors' steps of
 * one save (a temporary file, a rename) come within a few milliseconds, and every one waited
 * here is one more before the preview shows the change. A later step only means one more build. */
const SETTLE_MS = 20;

/** Editors' scratch files (vim's swap and probe files, emacs locks, backups): no build for those. */
const SCRATCH = /(^|\/)(\.[^/]*\.sw[a-p]x?|\.#[^/]*|#[^/]*#|[^/]*~|4913)$/;

const FOLDERS = ['content', 'templates'];

export interface Watcher {
  close(): void;
}

/** Calls `onChange` with the changed paths (relative to the root, `content/x.md`), and
 * `onCoverage` with whether content/ is being watched whenever that changes (from the start):
 * while it is not, a write there may go unreported. */
export function watchSources(
  root: string,
  onChange: (paths: string[]) => void,
  onError: (error: Error) => void,
  onCoverage?: (watchingContent: boolean) => void,
): Watcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const changed = (path: string) => {
    if (SCRATCH.test(path)) return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...pending].sort();
      pending = new Set();
      if (paths.length > 0) onChange(paths);
    }, SETTLE_MS);
  };

  const folders = new Map<string, FSWatcher>();
  const follow = () => {
    for (const dir of FOLDERS) {
      const present = existsSync(join(root, dir));
      const watcher = folders.get(dir);
      if (present && !watcher) {
        // Recursive watching works on Linux since Node 19.1, and on macOS and Windows natively.
        const recursive = watch(join(root, dir), { recursive: true }, (_event, name) =>
          changed(`${dir}/${String(name ?? '').replaceAll('\\', '/')}`),
        );
        folders.set(
          dir,
          recursive.on('error', () => forget(dir)),
        );
      } else if (!present && watcher) forget(dir);
    }
    covered(folders.has('content'));
  };
  const forget = (dir: string) => {
    folders.get(dir)?.close();
    folders.delete(dir);
    covered(folders.has('content'));
  };
  let coverage: boolean | undefined;
  const covered = (watching: boolean) => {
    if (watching !== coverage) onCoverage?.((coverage = watching));
  };
  follow();
  // The root itself, not recursively (it may hold node_modules): a source folder appearing or going.
  const top = watch(root, (_event, name) => {
    if (!FOLDERS.includes(String(name))) return;
    follow();
    changed(`${String(name)}/`);
  }).on('error', (error) => {
    covered(false);
    onError(error);
  });

  return {
    close() {
      clearTimeout(timer);
      top.close();
      for (const dir of [...folders.keys()]) forget(dir);
    },
  };
}
