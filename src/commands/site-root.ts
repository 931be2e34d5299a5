// The site folder a command works on (--root, else the current folder). A folder that does not
// exist, a file, or a folder without content/site.yaml is wrong usage (exit 2): the command was
// pointed at the wrong place, so there is no site whose content could be at fault.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../diagnostics.ts';

const WHAT_TO_GIVE = 'give --root the folder that holds content/ and templates/';

/** The absolute path of the site root named by `flag`; throws a UsageError when it is no site. */
export function siteRoot(flag: string | undefined): string {
  const root = resolve(flag ?? '.');
  const named = flag === undefined ? `the current folder (${root})` : `--root ${flag}`;
  const kind = kindOf(root);
  if (kind === 'missing') throw new UsageError(`${named}: no such folder; ${WHAT_TO_GIVE}`);
  if (kind === 'file') throw new UsageError(`${named} is a file, not a folder; ${WHAT_TO_GIVE}`);
  if (kindOf(join(root, 'content', 'site.yaml')) !== 'file') {
    // A folder without it is far more often the wrong folder than a site that lost its config.
    throw new UsageError(
      `not a masthead site: no content/site.yaml in ${flag ?? root}; ${WHAT_TO_GIVE}, or create content/site.yaml with at least "title" and "url"`,
    );
  }
  return root;
}

function kindOf(path: string): 'missing' | 'file' | 'folder' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
