// The dev server's search index, made after the pages it covers are served: each build that
// changes what is searched hands over its pending index, which is made in the background and
// put in place of the previous one when done. A newer one supersedes it (it stops at its next
// batch of pages, and is never put in place), as does a build that finds the site's index
// right without it; it is put in place only between builds, so no build's writer works from a
// site whose index changed under it.
import { SEARCH_FOLDER, stopPagefind, type IndexFile, type IndexOutcome } from './pagefind.ts';
import { searchProblem, type PendingIndex, type SearchIndexState } from './stage.ts';

export interface IndexTarget {
  /** Puts `files` in place of every file under `folder`. */
  replaceFolder(folder: string, files: readonly IndexFile[], inputs: string | undefined): void;
}

export type BackgroundOutcome = IndexOutcome['kind'];

export class BackgroundIndex {
  private generation = 0;
  private latest: Promise<BackgroundOutcome> = Promise.resolve('superseded');

  /** `busy()`: the build under way, if any; `onProblems`: what to tell of a failed index. */
  constructor(
    private readonly target: IndexTarget,
    private readonly busy: () => Promise<unknown> | undefined,
    private readonly onProblems: (reasons: string[]) => void,
  ) {}

  /** Follows what the latest build did: starts making its index, or drops one still being made
   * for an earlier build once the site's index is current without it (an edit undone, search
   * turned off), or lets it go on when the site is the same as that earlier build's. */
  follow(state: SearchIndexState): void {
    if (state.kind === 'pending') this.start(state.index);
    else if (state.kind === 'current') this.generation++;
  }

  /** Starts making `pending`, superseding any index still being made. */
  private start(pending: PendingIndex): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.latest = this.run(pending, current).catch((error: unknown) => {
      this.onProblems([searchProblem(error instanceof Error ? error.message : String(error))]);
      return 'failed' as const;
    });
  }

  /** Drops any index being made and stops Pagefind, so the process can end at once. */
  async stop(): Promise<void> {
    this.generation++;
    await stopPagefind();
  }

  /** How the latest index started ended, once it has: made (and in place), failed or superseded. */
  settled(): Promise<BackgroundOutcome> {
    return this.latest;
  }

  private async run(pending: PendingIndex, current: () => boolean): Promise<BackgroundOutcome> {
    const outcome = await pending.make(() => !current());
    if (outcome.kind === 'failed') {
      if (current()) this.onProblems(outcome.problems.map(searchProblem));
      return 'failed';
    }
    if (outcome.kind === 'superseded') return 'superseded';
    // Between builds: checked and done in one turn, so no build can start in between.
    for (let build = this.busy(); build; build = this.busy()) await build.catch(() => undefined);
    if (!current()) return 'superseded';
    this.target.replaceFolder(`${SEARCH_FOLDER}/`, outcome.files, pending.inputs);
    pending.remember(outcome.files);
    return 'made';
  }
}
