// Splits a markdown file into its YAML frontmatter (parsed with positions) and its body.
import matter from 'gray-matter';
import { report, START, type MessageSink } from '../diagnostics.ts';
import { parseYamlLazily, type PositionedYaml } from './yaml.ts';

export interface SplitSource {
  yaml: PositionedYaml;
  body: string;
  /** The file line on which the body's first line sits, to map markdown positions back. */
  bodyLine: number;
}

// gray-matter is asked only to find the delimiters; the YAML itself goes through `yaml` so that
// every node keeps its position. Passing options also stops gray-matter caching each input.
const delimitersOnly = { engines: { yaml: () => ({}) } };

/** The body alone, as splitFrontmatter finds it, without reading the YAML (for the markdown stage). */
export function bodyOfText(text: string): string {
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (!/^---[ \t]*\n/.test(normalized)) return normalized;
  return matter(normalized, delimitersOnly).content;
}

export function splitFrontmatter(file: MessageSink, text: string): SplitSource {
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const parsed = matter(normalized, delimitersOnly);
  const hasOpening = /^---[ \t]*\n/.test(normalized);
  if (normalized.trim() === '') {
    report(file, 'error', 'the file is empty: an article starts with frontmatter giving at least its title and date (masthead new "Headline" writes one)', START, 'frontmatter');
    return { yaml: { data: undefined, locate: () => START }, body: '', bodyLine: 1 };
  }
  if (!hasOpening) {
    report(file, 'error', 'no frontmatter: start the file with a line "---", the fields (title, date, ...), then another "---"', START, 'frontmatter');
    return { yaml: { data: undefined, locate: () => START }, body: normalized, bodyLine: 1 };
  }
  if (!/\n---[ \t]*(\n|$)/.test(normalized.slice(3))) {
    report(file, 'error', 'frontmatter is not closed: add a line "---" after the last field', START, 'frontmatter');
    return { yaml: { data: undefined, locate: () => START }, body: '', bodyLine: 1 };
  }
  // The frontmatter text starts right after the opening "---", on line 1 of the file.
  // A copy, not a slice: V8 keeps a slice's whole parent string alive, and the frontmatter (and
  // every value read from it) outlives the file's text, which would then stay in memory too.
  const yaml = parseYamlLazily(file, Buffer.from(parsed.matter, 'utf8').toString('utf8'), 1);
  const bodyStart = normalized.length - parsed.content.length;
  const bodyLine = normalized.slice(0, bodyStart).split('\n').length;
  if (yaml.data === null) yaml.data = {};
  return { yaml, body: parsed.content, bodyLine };
}
