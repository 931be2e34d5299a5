// Checks the output folder before a build replaces it: the whole folder is swapped for the new
// site, so pointing --out at the wrong place (the site itself, a project, a home folder) would
// lose files. Only an empty folder, a missing one, or one masthead wrote itself is accepted.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { UsageError } from '../diagnostics.ts';

/** Written into every built site, so the next build knows the folder is its own to replace. */
export const OUTPUT_MARKER = '.masthead';
export const OUTPUT_MARKER_TEXT = 'This folder was built by masthead and is replaced by each build.\n';

export function checkOutFolder(out: string, root: string): void {
  const refuse = (why: string) => {
    throw new UsageError(`refusing to use --out ${out}: ${why}; choose an empty folder, or the default ROOT/public`);
  };
  const fromOut = relative(out, root);
  if (fromOut === '' || (!fromOut.startsWith('..') && !fromOut.startsWith(sep)))
    refuse('the site itself is inside it and would be replaced');
  const parent = dirname(out);
  if (existsSync(parent) && !statSync(parent).isDirectory()) refuse(`${parent} is a file, not a folder`);
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) refuse('it is a file, not a folder');
  const entries = readdirSync(out);
  if (entries.length === 0 || entries.includes(OUTPUT_MARKER)) return;
  if (entries.includes('content') || entries.includes('.git'))
    refuse('it holds a site or a project (content/ or .git), which the build would replace');
  refuse(`it is not empty and was not written by masthead (no ${join(out, OUTPUT_MARKER)})`);
}
