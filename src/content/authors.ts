// content/authors.yaml -> the newsroom's authors by slug. The file is optional: without it,
// articles name their authors in plain text and no author is checked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostics, Place } from '../diagnostics.ts';
import { authorsFileSchema, type AuthorEntry } from './schema.ts';
import { validateYaml } from './validate.ts';
import { parseYaml } from './yaml.ts';

export const AUTHORS_PATH = 'content/authors.yaml';

export interface AuthorRegistry {
  /** The authors whose entries are valid, by slug. */
  entries: Map<string, AuthorEntry>;
  /** Every slug the file names, also those whose entries have errors: an article may name them. */
  slugs: ReadonlySet<string>;
  locate(slug: string, field?: string): Place;
}

/**
 * The registry, `null` when the site has no authors.yaml, undefined when its YAML cannot be read.
 * A file with invalid entries gives their errors and a registry of the entries that passed, so
 * articles' authors are still checked in the same run (a build with errors publishes nothing).
 */
export async function loadAuthors(root: string, diagnostics: Diagnostics): Promise<AuthorRegistry | null | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, AUTHORS_PATH), 'utf8');
  } catch {
    return null;
  }
  const file = diagnostics.file(AUTHORS_PATH);
  const yaml = parseYaml(file, text.replace(/^\uFEFF/, ''));
  if (yaml.data === null) yaml.data = {};
  const written = isRecord(yaml.data) ? yaml.data : {};
  const known = Object.fromEntries(Object.keys(written).map((slug) => [slug, ['name', 'role', 'bio', 'avatar', 'links']]));
  const data = validateYaml(authorsFileSchema, yaml, file, { name: 'each author needs a name, e.g. name: Anna Petrosyan' }, known);
  // Unreadable, or not a mapping of authors: there is nothing to check articles' authors against.
  if (!isRecord(yaml.data)) return undefined;
  const valid = data ?? Object.fromEntries(Object.entries(written).flatMap(([slug, entry]) => validEntry(slug, entry)));
  const entries = new Map(Object.entries(valid).sort(([a], [b]) => (a < b ? -1 : 1)));
  const slugs = new Set(Object.keys(written));
  return { entries, slugs, locate: (slug, field) => yaml.locate(field ? [slug, field] : [slug], field ? 'value' : 'key') };
}

/** One entry of an invalid file, when it passes on its own (its errors are already reported). */
function validEntry(slug: string, entry: unknown): [string, AuthorEntry][] {
  const parsed = authorsFileSchema.safeParse({ [slug]: entry });
  return parsed.success ? Object.entries(parsed.data) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
