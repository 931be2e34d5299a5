// Keeps the main thread's heap near the size of what it holds. V8 sizes a heap by how little
// time its collector takes: the main thread of a build spends well under 1% of its time
// collecting, so V8 lets its heap grow to about three times its live data before a full
// collection (at 20,000 articles, 214 MB live in a 623 MB heap), and that headroom, not the
// data, is most of a big archive's peak memory. A full collection whenever the heap has grown
// by a quarter since the last one: what the heap may grow by is what the peak can gain over
// the live data, and at 100,000 articles (over 1 GB in use at the end) a half let it grow by
// 500-600 MB before a collection. The collections' cost does not
// depend on the share (a smaller one collects smaller growths more often): alternating
// 20,000-article builds with a half and a quarter took the same time (194/193 s, 172/175 s).
// It sets no limit: a heap that must grow still grows. The worker threads are
// left to V8: their heaps are small, and a lean heap for them slowed the markdown.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Growth over the live heap allowed before a collection: a quarter, and at least 32 MB. */
const GROWTH = 0.25;
const SLACK = 32 * 1024 * 1024;
const INTERVAL_MS = 250;

let collect: (() => void) | undefined;

/** V8's collector as a function, without starting node with --expose-gc. The flag is set only
 * while a context that has the function is made, and then put back: V8 checks a code cache
 * (bin/masthead.js keeps one for the engine) against the flags, and one written with a flag
 * the next process does not have would be refused and written again on every run. */
function collector(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    try {
      collect = runInNewContext('gc') as () => void;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return collect;
}

/** Starts keeping the heap tight; the returned function stops it. */
export function keepHeapTight(): () => void {
  const used = () => getHeapStatistics().used_heap_size;
  let live = used();
  const timer = setInterval(() => {
    if (used() < live * (1 + GROWTH) + SLACK) return;
    collector()();
    live = used();
  }, INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
