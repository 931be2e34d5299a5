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
  entries: Map<string, AuthorEntry>;
  locate(slug: string, field?: string): Place;
}

/** The registry, `null` when the site has no authors.yaml, undefined when it is invalid. */
export async function loadAuthors(root: string, diagnostics: Diagnostics): Promise<AuthorRegistry | null | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, AUTHORS_PATH), 'utf8');
  } catch {
    return null;
  }
  const file = diagnostics.file(AUTHORS_PATH, text);
  const yaml = parseYaml(file, text.replace(/^\uFEFF/, ''));
  if (yaml.data === null) yaml.data = {};
  const known = Object.fromEntries(Object.keys(isRecord(yaml.data) ? yaml.data : {}).map((slug) => [slug, ['name', 'role', 'bio', 'avatar', 'links']]));
  const data = validateYaml(authorsFileSchema, yaml, file, { name: 'each author needs a name, e.g. name: Anna Petrosyan' }, known);
  if (!data) return undefined;
  const entries = new Map(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { entries, locate: (slug, field) => yaml.locate(field ? [slug, field] : [slug], field ? 'value' : 'key') };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
