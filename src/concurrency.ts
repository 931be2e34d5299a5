// Bounded parallel work that fails cleanly: at most N tasks at once, through p-map. When one
// task fails, no new task starts, the running ones are waited for, and the first failure is
// thrown. Waiting matters: the caller's error path (writer.abort()) must not remove a staging
// folder while another task is still writing into it.
import pMap from 'p-map';

/** Runs `task` over `items`, at most `concurrency` at once; resolves when all are done, or
 * rejects with the first failure once the tasks already running have settled. */
export async function eachBounded<T>(
  items: Iterable<T>,
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let failed = false;
  try {
    await pMap(
      items,
      async (item, index) => {
        // The run is lost after a failure: start nothing more, so the error is reported soon.
        if (failed) return;
        try {
          await task(item, index);
        } catch (error) {
          failed = true;
          throw error;
        }
      },
      { concurrency, stopOnError: false },
    );
  } catch (error) {
    // stopOnError: false collects every failure; the first says what went wrong.
    throw error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  }
}
