// Watches the site's sources (content/ and templates/, recursively) and reports a batch of
// changed paths once saving has settled: editors write a file in several steps (a temporary
// file, a rename, a second write), and one save should cause one build.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** How long the folders must be quiet before a batch of changes is reported. */
const SETTLE_MS = 40;

/** Editors' scratch files (vim's swap and probe files, emacs locks, backups): no build for those. */
const SCRATCH = /(^|\/)(\.[^/]*\.sw[a-p]x?|\.#[^/]*|#[^/]*#|[^/]*~|4913)$/;

export interface Watcher {
  close(): void;
}

/** Calls `onChange` with the changed paths (relative to the root, `content/x.md`). */
export function watchSources(root: string, onChange: (paths: string[]) => void, onError: (error: Error) => void): Watcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length > 0) onChange(paths);
  };
  const watchers: FSWatcher[] = ['content', 'templates'].map((dir) =>
    // Recursive watching works on Linux since Node 19.1, and on macOS and Windows natively.
    watch(join(root, dir), { recursive: true }, (_event, name) => {
      const path = `${dir}/${String(name ?? '').replaceAll('\\', '/')}`;
      if (SCRATCH.test(path)) return;
      pending.add(path);
      clearTimeout(timer);
      timer = setTimeout(flush, SETTLE_MS);
    }).on('error', onError),
  );
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
