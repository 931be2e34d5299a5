// Every temporary folder the tests make (sites, caches, outputs, browser profiles, and those of
// the masthead processes they start) goes in one folder for the run, removed when it ends: a
// full run makes thousands, and left in the system's folder they slowed the machine for days.
// Workers and their child processes inherit TMPDIR, which os.tmpdir() reads on every call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'masthead-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
