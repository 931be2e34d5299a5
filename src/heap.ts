// How far V8 lets the main heap grow past what is live before it collects. By default it sizes
// the old generation by how fast it collects, up to four times the live heap; a build's garbage
// is mostly page HTML and views that outlive a few scavenges while their writes are in flight,
// and at 10,000 articles that let the heap reach 3.5x what was live (a peak that grew with the
// archive's pages, not with what the build keeps). Collecting at 1.3x keeps the peak near the
// live heap for a few more collections, which V8 runs concurrently. It is no limit: the heap
// still grows as far as the archive needs.
import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';
let applied = false;

/** Sets the growing factor once per process, unless node was started with one of its own. */
export function keepHeapNearLive(): void {
  if (applied) return;
  applied = true;
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes(FLAG))) return;
  setFlagsFromString(`${FLAG}=30`);
}
