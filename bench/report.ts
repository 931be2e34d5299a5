// The tables `npm run bench` prints: each build's median, spread and peak memory, with its ratio
// to Hugo's and Eleventy's cold builds and to this machine's markdown floor; then the dev loop.
import { cpus, totalmem } from 'node:os';
import type { DevEditRow } from './dev.ts';
import type { Floor } from './floor.ts';
import { median, type Row } from './measure.ts';

export interface Report {
  size: number;
  runs: number;
  rows: Row[];
  dev: DevEditRow[];
  floor: Floor | undefined;
  /** Lines printed under the table (versions, page counts, skipped peers). */
  notes: string[];
}

export function formatReport({ size, runs, rows, dev, floor, notes }: Report): string {
  // A peer timed twice (before and after masthead's builds) counts all its runs.
  const medianOf = (prefix: string) => {
    const seconds = rows.filter((r) => r.name.startsWith(prefix)).flatMap((row) => row.samples.map((s) => s.seconds));
    return seconds.length > 0 ? median(seconds) : undefined;
  };
  const ratio = (seconds: number, base: number | undefined) => (base ? `${(seconds / base).toFixed(2)}x` : 'n/a');
  const hugo = medianOf('Hugo');
  const eleventy = medianOf('Eleventy');
  const lines = [
    `${size} articles, ${runs} runs each; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    '',
  ];
  if (rows.length > 0)
    lines.push(
      '| build | median s | min s | max s | peak RSS MiB | vs Hugo cold | vs Eleventy cold | vs floor |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
  for (const row of rows) {
    const seconds = row.samples.map((s) => s.seconds);
    const peaks = row.samples.flatMap((s) => (s.peakMiB === undefined ? [] : [s.peakMiB]));
    const peak = peaks.length ? Math.max(...peaks).toFixed(0) : 'n/a';
    const middle = median(seconds);
    lines.push(
      `| ${row.name} | ${middle.toFixed(2)} | ${Math.min(...seconds).toFixed(2)} | ${Math.max(...seconds).toFixed(2)} | ${peak} | ${ratio(middle, hugo)} | ${ratio(middle, eleventy)} | ${ratio(middle, floor?.seconds)} |`,
    );
  }
  if (rows.length > 0) lines.push('');
  if (floor)
    lines.push(
      `Markdown floor: ${floor.seconds.toFixed(2)} s = ${floor.msPerArticle.toFixed(2)} ms CPU per article (${floor.wallMsPerArticle.toFixed(2)} ms wall; ` +
        `${floor.sampled} bodies on one thread after a warm-up) x ${floor.articles} articles / ${floor.cores} cores.`,
    );
  lines.push(...notes);
  if (dev.length > 0) {
    lines.push('', `masthead dev: save to new page served, ${dev[0]!.milliseconds.length} saves each`, '');
    lines.push('| edit | median ms | worst ms |', '| --- | ---: | ---: |');
    for (const row of dev)
      lines.push(`| ${row.name} | ${median(row.milliseconds).toFixed(0)} | ${Math.max(...row.milliseconds).toFixed(0)} |`);
  }
  return lines.join('\n');
}
