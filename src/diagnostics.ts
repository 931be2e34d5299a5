// Positioned problems found while building, collected on the file they belong to (vfile
// messages), reported together in compiler style so terminals and editors can jump to them.
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { MessageOptions } from 'vfile';

export interface Place {
  line: number;
  column: number;
}

/** Where a message points when nothing more precise is known: the start of the file. */
export const START: Place = { line: 1, column: 1 };

/** A notice is neither an error nor a warning: something the build did that a reader of the log
 * should know (a fallback taken, say). It is printed but not counted. */
export type Severity = 'error' | 'warning' | 'notice';

/** Where the messages about one source go: a build's SourceFile, or a throwaway VFile when a
 * file is parsed again only to find a place. */
export interface MessageSink {
  message(reason: string, options?: MessageOptions): VFileMessage;
}

export function report(file: MessageSink, severity: Severity, reason: string, place: Place, rule: string): VFileMessage {
  const message = file.message(reason, { place, ruleId: rule, source: 'masthead' });
  // vfile's convention: true for errors, false for warnings, undefined for information.
  message.fatal = severity === 'notice' ? undefined : severity === 'error';
  return message;
}

/** One source file (or a virtual one such as a template) of a build, to file messages on. Its
 * vfile is made with its first message: every record of an archive holds its file, and few ever
 * have a message (a vfile and its entry here were about 0.5 KB an article to the end of a build). */
export class SourceFile implements MessageSink {
  constructor(
    readonly path: string,
    private readonly diagnostics: Diagnostics,
  ) {}

  message(reason: string, options?: MessageOptions): VFileMessage {
    return this.diagnostics.vfile(this.path).message(reason, options);
  }

  /** The messages filed on this file so far. */
  get messages(): readonly VFileMessage[] {
    return this.diagnostics.messagesOf(this.path);
  }

  /** Files again messages made on this file by an earlier build. */
  refile(messages: readonly VFileMessage[]): void {
    if (messages.length > 0) this.diagnostics.vfile(this.path).messages.push(...messages);
  }
}

/** Every file that took part in a build, so their messages can be listed together. */
export class Diagnostics {
  /** The files with messages. */
  private readonly files = new Map<string, VFile>();

  file(path: string): SourceFile {
    return new SourceFile(path, this);
  }

  /** The vfile that holds `path`'s messages, made on first use. */
  vfile(path: string): VFile {
    let file = this.files.get(path);
    if (!file) {
      file = new VFile({ path });
      this.files.set(path, file);
    }
    return file;
  }

  messagesOf(path: string): readonly VFileMessage[] {
    return this.files.get(path)?.messages ?? [];
  }

  messages(): VFileMessage[] {
    const all = [...this.files.values()].flatMap((file) => file.messages);
    return all.sort(compareMessages);
  }

  errorCount(): number {
    return this.messages().filter((m) => m.fatal === true).length;
  }

  warningCount(): number {
    return this.messages().filter((m) => m.fatal === false).length;
  }
}

function compareMessages(a: VFileMessage, b: VFileMessage): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.reason.localeCompare(b.reason)
  );
}

export function severityOf(message: VFileMessage): Severity {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'notice';
}

/** `path:line:column: severity: message [rule]`, one line per message. */
export function formatMessage(message: VFileMessage): string {
  const severity = severityOf(message);
  const where = `${message.file ?? ''}:${message.line ?? 1}:${message.column ?? 1}`;
  const rule = message.ruleId ? ` [${message.ruleId}]` : '';
  return printable(`${where}: ${severity}: ${message.reason}${rule}`);
}

/** A message as editors and bots read it (`--format json`): one object, fields always present. */
export interface MessageJson {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
}

export function messageJson(message: VFileMessage): MessageJson {
  return {
    file: message.file ?? '',
    line: message.line ?? 1,
    column: message.column ?? 1,
    severity: message.fatal ? 'error' : 'warning',
    rule: message.ruleId ?? '',
    message: message.reason,
  };
}

/** Control characters from content would drive the terminal (colours, clearing): show them escaped. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Thrown to stop a build once problems are collected; the CLI prints them and exits 1. */
export class ContentError extends Error {
  constructor(readonly diagnostics: Diagnostics) {
    super(`${diagnostics.errorCount()} problem(s) in content or templates`);
    this.name = 'ContentError';
  }
}

/** Wrong command-line usage: exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The closest of `candidates` to `word`, for "did you mean" hints; undefined when none is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edits between two words, a swap of neighbouring letters counting as one (a common typo). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match ? `; did you mean "${match}"?` : '';
}
