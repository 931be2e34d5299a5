// Turns zod validation failures into positioned messages that say what is wrong and how to
// fix it, pointing at the offending value (or at its key, when the value is missing).
import { z } from 'zod';
import { didYouMean, report, type MessageSink } from '../diagnostics.ts';
import type { PathSegment, PositionedYaml } from './yaml.ts';

/** How to write a field correctly, keyed by its path with list indexes dropped (`quotes.by`). */
export type FieldHints = Record<string, string>;

/** The outcome of validating a mapping: the whole record, or only the fields that passed. */
export type Validated<T> =
  | { complete: true; data: T }
  | { complete: false; data: Partial<T>; /** The top-level fields that have errors. */ failed: ReadonlySet<string> };

/**
 * Validates `yaml.data` against `schema`; every problem becomes an error on `file`. Unknown keys
 * are warnings (most are typos, but a newsroom may keep extra fields of its own).
 */
export function validateYaml<T extends z.ZodType>(
  schema: T,
  yaml: PositionedYaml,
  file: MessageSink,
  hints: FieldHints,
  knownKeys: Record<string, readonly string[]> = {},
): z.output<T> | undefined {
  const result = check(schema, yaml, file, hints, knownKeys);
  return result?.success ? result.data : undefined;
}

/**
 * Like validateYaml, for a mapping of fields; when some fields are wrong it still returns the
 * fields that are right, so that the checks that span files (authors, sections, media, URLs)
 * can run on them and one run reports every problem of the file, not only its first kind.
 * Undefined when there is no mapping at all (unreadable YAML, or a list or text instead).
 */
export function validateFields<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  yaml: PositionedYaml,
  file: MessageSink,
  hints: FieldHints,
  knownKeys: Record<string, readonly string[]> = {},
): Validated<z.output<z.ZodObject<Shape>>> | undefined {
  const result = check(schema, yaml, file, hints, knownKeys);
  if (!result) return undefined;
  if (result.success) return { complete: true, data: result.data };
  if (!isPlainObject(yaml.data)) return undefined;
  // Each field of an object schema is checked on its own, so a field without an issue of its
  // own passed: parse it again alone to have its value (this runs only for invalid files).
  const failed = new Set(result.error.issues.map((issue) => String(issue.path[0])));
  const passed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (failed.has(key)) continue;
    const parsed = (field as z.ZodType).safeParse(yaml.data[key]);
    if (parsed.success) passed[key] = parsed.data;
  }
  return { complete: false, data: passed as Partial<z.output<z.ZodObject<Shape>>>, failed };
}

function check<T extends z.ZodType>(
  schema: T,
  yaml: PositionedYaml,
  file: MessageSink,
  hints: FieldHints,
  knownKeys: Record<string, readonly string[]>,
): z.ZodSafeParseResult<z.output<T>> | undefined {
  if (yaml.data === undefined) return undefined;
  const result = schema.safeParse(yaml.data, { reportInput: true });
  warnUnknownKeys(yaml, file, knownKeys);
  if (result.success) return result;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const place = yaml.locate(path, missing ? 'key' : 'value');
    report(file, 'error', describe(issue, path, hints), place, ruleFor(path));
  }
  return result;
}

function warnUnknownKeys(yaml: PositionedYaml, file: MessageSink, knownKeys: Record<string, readonly string[]>): void {
  for (const [where, known] of Object.entries(knownKeys)) {
    const path = where === '' ? [] : where.split('.');
    for (const { value, at } of valuesAt(yaml.data, path)) {
      if (!isPlainObject(value)) continue;
      for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        const label = where === '' ? key : `${where}.${key}`;
        const reason = `unknown field "${label}" is ignored${didYouMean(key, known)}`;
        report(file, 'warning', reason, yaml.locate([...at, key], 'key'), 'unknown-field');
      }
    }
  }
}

/** The values at a dotted path, stepping into every element of any list on the way. */
function valuesAt(data: unknown, path: readonly string[], at: PathSegment[] = []): { value: unknown; at: PathSegment[] }[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => valuesAt(item, path, [...at, i]));
  if (path.length === 0) return [{ value: data, at }];
  if (!isPlainObject(data)) return [];
  const [head, ...rest] = path as [string, ...string[]];
  return head in data ? valuesAt(data[head], rest, [...at, head]) : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldName(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function hintKey(path: readonly PathSegment[]): string {
  return path.filter((s) => typeof s === 'string').join('.');
}

function ruleFor(path: readonly PathSegment[]): string {
  const first = path.find((s) => typeof s === 'string');
  return first ?? 'frontmatter';
}

function describe(issue: z.core.$ZodIssue, path: readonly PathSegment[], hints: FieldHints): string {
  const name = fieldName(path);
  const hint = hints[hintKey(path)];
  const howTo = hint ? ` (${hint})` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `missing required field "${name}"${howTo}`;
      if (path.length === 0) return `the frontmatter must be fields written "key: value", one per line; found ${kindOf(issue.input)}`;
      return `"${name}" must be ${article(issue.expected)}, found ${kindOf(issue.input)}${howTo}`;
    case 'too_small':
      if (issue.origin === 'string') return `"${name}" is empty${howTo}`;
      if (issue.origin === 'array') return `"${name}" needs at least ${String(issue.minimum)} item(s)${howTo}`;
      return `"${name}" is too small${howTo}`;
    case 'invalid_value':
      return `"${name}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'custom':
      return issue.message;
    case 'invalid_format':
      // Our schemas give these a full sentence of their own.
      return /^Invalid/.test(issue.message) ? `"${name}" is not valid${howTo}` : issue.message;
    default:
      return `"${name}": ${issue.message}${howTo}`;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    array: 'a list',
    object: 'a mapping of fields',
    number: 'a number',
    boolean: 'true or false',
  };
  return words[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
