// Timing for `npm run bench`: each build runs as a new process, timed from start to exit, with
// its peak memory from GNU time when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';

export interface Sample {
  seconds: number;
  /** Peak resident memory in MiB, when GNU time is there to measure it. */
  peakMiB: number | undefined;
}

export interface Row {
  name: string;
  samples: Sample[];
}

/** A command to time. */
export interface Job {
  command: string;
  args: string[];
  cwd: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export class CommandFailed extends Error {
  /** What the command printed, stdout then stderr. */
  readonly output: string;
  constructor(command: string, output: string) {
    super(`${command} failed:\n${output}`);
    this.output = output;
  }
}

/** Runs a command to completion, timing it; GNU time reports the peak memory of the process tree's largest process. */
export function measure({ command, args, cwd, env }: Job): Sample {
  const useTime = existsSync(TIME);
  const options = { cwd, encoding: 'utf8' as const, env: { ...process.env, ...env }, maxBuffer: 256 * 2 ** 20 };
  const started = performance.now();
  const result = useTime ? spawnSync(TIME, ['-f', '%M', command, ...args], options) : spawnSync(command, args, options);
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new CommandFailed(`${command} ${args.join(' ')}`, `${result.stdout}\n${result.stderr}`);
  const kib = useTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

/** Times `job` `runs` times, calling `before` ahead of each run (to empty an output folder, say). */
export function repeat(name: string, runs: number, before: (i: number) => void, job: Job): Row {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    samples.push(measure(job));
    process.stderr.write(`  ${name}: run ${i + 1} of ${runs}: ${samples.at(-1)!.seconds.toFixed(2)} s\n`);
  }
  return { name, samples };
}

export function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
