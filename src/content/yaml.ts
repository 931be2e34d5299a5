// YAML parsing that keeps every node's position, so a problem with any key or value can be
// reported at its exact line and column in the file it came from.
import { CORE_SCHEMA, load } from 'js-yaml';
import { VFile } from 'vfile';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { report, type Place, type MessageSink } from '../diagnostics.ts';
import { explainYamlError } from './yaml-errors.ts';

export type PathSegment = string | number;

export interface PositionedYaml {
  /** The plain data, or undefined when the YAML could not be parsed. */
  data: unknown;
  /** Where the value at `path` sits; falls back to its nearest ancestor that exists. */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): Place;
}

/**
 * Parses `text`, which starts at `firstLine` of `file`, and reports YAML syntax errors on the
 * file. Duplicate keys are errors, as a silent "last one wins" hides mistakes.
 */
export function parseYaml(file: MessageSink, text: string, firstLine = 1): PositionedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const toPlace = (offset: number): Place => {
    const { line, col } = lines.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  // Only the first syntax error: the ones after it are mostly echoes of the same mistake.
  const error = doc.errors[0];
  if (error) {
    const problem = explainYamlError(error.code, error.message, text, error.pos);
    report(file, 'error', `invalid YAML: ${problem.reason}`, toPlace(problem.offset), 'yaml');
  }
  for (const warning of doc.warnings) {
    report(file, 'warning', `YAML: ${firstSentence(warning.message)}`, toPlace(warning.pos[0]), 'yaml');
  }
  const data: unknown = doc.errors.length > 0 ? undefined : detached(doc.toJS({ maxAliasCount: 100 }));
  return {
    data,
    locate: (path, part = 'value') => toPlace(offsetOf(doc, path, part)),
  };
}

/**
 * Like parseYaml, but fast: js-yaml (YAML 1.2 core schema, as `yaml` uses) reads the data, and
 * the slower position-keeping parse runs only when something asks where a value is, which
 * happens only when there is a problem to report. A syntax error takes the slow path at once.
 */
export function parseYamlLazily(file: MessageSink, text: string, firstLine = 1): PositionedYaml {
  let data: unknown;
  try {
    data = detached(load(text, { schema: CORE_SCHEMA }) ?? null);
  } catch {
    return parseYaml(file, text, firstLine);
  }
  let positioned: PositionedYaml | undefined;
  return {
    data,
    locate: (path, part) => {
      // A scratch file: the text parsed fine, so this parse has no errors to report.
      positioned ??= parseYaml(new VFile(), text, firstLine);
      return positioned.locate(path, part);
    },
  };
}

/**
 * The parsed data with every string its own copy. V8 makes most substrings views of the string
 * they were cut from, and a YAML parser cuts each value from the frontmatter's text: one title
 * kept in a record kept that whole text (1 KB an article, 18 MB of a 20,000-article build's main
 * heap) for as long as the record lived. Prefixing a character and slicing it off makes a new
 * string, so only the values stay. Changes `value` in place (a parser's fresh data).
 */
function detached(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return (' ' + value).slice(1);
  // An alias makes one object appear twice, or inside itself.
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detached(value[i], seen);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const copy = detached(record[key], seen);
    // Assigning to a "__proto__" key (an own property here) would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(record, key, { value: copy });
    else record[key] = copy;
  }
  return value;
}

function firstSentence(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

function offsetOf(doc: Document, path: readonly PathSegment[], part: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (!isNode(node) || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    const item = isMap(node)
      ? items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(segment))
      : typeof segment === 'number'
        ? items[segment]
        : undefined;
    if (item === undefined) break;
    const last = index === path.length - 1;
    if (isPair(item)) {
      if (last && part === 'key') return rangeStart(item.key) ?? offset;
      node = item.value;
      offset = rangeStart(item.value) ?? rangeStart(item.key) ?? offset;
    } else {
      node = item;
      offset = rangeStart(item) ?? offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (isNode(node) && node.range) return node.range[0];
  return undefined;
}
