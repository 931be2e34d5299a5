// A preview session: builds the site into memory, again after every change, one build at a
// time (changes that arrive during a build start one more build after it, never two at once).
// A build with problems keeps the last good site and records what went wrong, for the
// terminal and the browser overlay.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { build, defaultCacheDir, type BuildResult } from '../build.ts';
import { ContentError, severityOf, type Diagnostics, type Severity } from '../diagnostics.ts';
import { BuildSession } from '../incremental/session.ts';
import { BackgroundIndex } from '../search/background.ts';
import { WorkerPool } from '../workers/pool.ts';
import { LiveSite } from './live-site.ts';

/** One problem as the overlay shows it. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  rule: string;
  /** The offending source line, when the file can be read. */
  excerpt?: string;
}

export type BuildOutcome =
  | { kind: 'built'; result: BuildResult; changed: string[]; milliseconds: number }
  | { kind: 'failed'; diagnostics: Diagnostics; problems: Problem[]; milliseconds: number }
  | { kind: 'crashed'; error: unknown; problems: Problem[]; milliseconds: number };

export interface SessionOptions {
  root: string;
  /** Where rendered bodies and images are kept. @default ROOT/node_modules/.cache/masthead */
  cacheDir?: string;
  /** Worker threads for markdown, images and pages. */
  workers?: number;
  /** Send even small amounts of work to the threads (tests). @default false */
  eagerWorkers?: boolean;
  /** Fixes "now" (tests); by default the clock at each build. */
  now?: () => DateTime;
  /** Told what went wrong with a search index made after its build. @default printed on stderr */
  onSearchProblems?: (reasons: string[]) => void;
}

/** How long builds must pause before the cache's index and records are written. */
const WRITE_PAUSE_MS = 2000;

export class DevSession {
  readonly site = new LiveSite();
  /** What builds keep between them: records, bodies, the dependency index, the link check. */
  private readonly session: BuildSession;
  /** One pool for the session's lifetime: its threads stay warm from build to build. */
  readonly pool: WorkerPool;
  /** What the last build found wrong, or nothing once a build succeeds. */
  problems: Problem[] = [];
  private current: Promise<BuildOutcome> | undefined;
  private queued: Promise<BuildOutcome> | undefined;
  /** The search index, made after the pages are served. */
  readonly search: BackgroundIndex;

  constructor(private readonly options: SessionOptions) {
    // The cache's own files are written once the editor pauses, off the path to the preview.
    this.session = new BuildSession(options.cacheDir ?? defaultCacheDir(options.root), { deferWrites: WRITE_PAUSE_MS });
    this.pool = new WorkerPool({ threads: options.workers, eager: options.eagerWorkers });
    const onProblems = options.onSearchProblems ?? ((reasons) => reasons.forEach((reason) => console.error(`masthead: ${reason}`)));
    this.search = new BackgroundIndex(this.site, () => this.current, onProblems);
  }

  /** Whether a file watcher follows content/ from now on: while one does, a build reads and
   * stats only the files it reports (`sourcesChanged`) and those the last build did not list;
   * while none does, every build reads in full. */
  watchingContent(watching: boolean): void {
    if (watching) this.session.watched.started();
    else this.session.watched.stopped();
  }

  sourcesChanged(paths: readonly string[]): void {
    this.session.watched.report(paths);
  }

  /** Waits for the build under way, if any, writes what the cache is still owed, then ends
   * the worker threads. */
  async close(): Promise<void> {
    await Promise.allSettled([this.current, this.queued]);
    await this.session.flush();
    await this.pool.destroy();
  }

  /** Builds now, or once the build under way ends; the returned build starts after the call,
   * so it sees every change made before it. Calls made during one build share the next. */
  rebuild(): Promise<BuildOutcome> {
    if (!this.current) {
      this.current = this.buildOnce().finally(() => {
        this.current = undefined;
      });
      return this.current;
    }
    this.queued ??= this.current.then(() => {
      this.queued = undefined;
      return this.rebuild();
    });
    return this.queued;
  }

  private async buildOnce(): Promise<BuildOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const writer = this.site.writer();
    const { root } = this.options;
    try {
      const result = await build({
        root,
        writer,
        now: this.options.now?.() ?? DateTime.now(),
        include: { drafts: true, future: true },
        cacheDir: this.session.cacheDir,
        session: this.session,
        pool: this.pool,
        searchIndex: 'deferred',
      });
      this.problems = [];
      this.search.follow(result.searchIndex);
      return { kind: 'built', result, changed: writer.changed, milliseconds: elapsed() };
    } catch (error) {
      if (error instanceof ContentError) {
        this.problems = problemsOf(root, error.diagnostics);
        return { kind: 'failed', diagnostics: error.diagnostics, problems: this.problems, milliseconds: elapsed() };
      }
      const message = error instanceof Error ? error.message : String(error);
      this.problems = [
        {
          file: '',
          line: 1,
          column: 1,
          severity: 'error',
          message: `internal error: ${message}. This is a bug in masthead, not in your content; the details are in the terminal.`,
          rule: 'internal',
        },
      ];
      return { kind: 'crashed', error, problems: this.problems, milliseconds: elapsed() };
    }
  }
}

function problemsOf(root: string, diagnostics: Diagnostics): Problem[] {
  const lines = new Map<string, string[] | undefined>();
  const sourceLine = (file: string, line: number) => {
    if (!lines.has(file)) {
      try {
        lines.set(file, readFileSync(join(root, file), 'utf8').split(/\r?\n/));
      } catch {
        lines.set(file, undefined);
      }
    }
    return lines.get(file)?.[line - 1];
  };
  return diagnostics.messages().map((m) => ({
    file: m.file ?? '',
    line: m.line ?? 1,
    column: m.column ?? 1,
    severity: severityOf(m),
    message: m.reason,
    rule: m.ruleId ?? '',
    excerpt: m.file ? sourceLine(m.file, m.line ?? 1) : undefined,
  }));
}
