// Explains YAML syntax errors in an editor's words, and points at the place to fix, which is
// often not where the parser gave up: the opening quote that never closes, the line indented by
// mistake, the bracket left open.

export interface YamlProblem {
  reason: string;
  /** Offset in the YAML text to point at. */
  offset: number;
}

export function explainYamlError(code: string, message: string, text: string, pos: readonly [number, number]): YamlProblem {
  const lineStart = text.lastIndexOf('\n', pos[0] - 1) + 1;
  switch (code) {
    case 'MISSING_CHAR':
      if (/quote/.test(message)) return unclosedQuote(text, pos[0]);
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const nextLine = text.indexOf('\n', pos[0]);
      const next = nextLine === -1 ? '' : text.slice(nextLine + 1).split('\n')[0]!;
      const indent = (line: string) => line.length - line.trimStart().length;
      const current = text.slice(lineStart).split('\n')[0]!;
      if (next.trim() !== '' && indent(next) > indent(current)) {
        const key = current.trim().split(':')[0];
        return { reason: `this line is indented under "${key}:", so it reads as part of that value; remove the indentation`, offset: nextLine + 1 + indent(next) };
      }
      return { reason: 'a value that contains ": " must be in quotes, e.g. title: "Talks: a new round"', offset: pos[0] };
    }
    case 'DUPLICATE_KEY': {
      const key = text.slice(pos[0]).split(/[:\n]/)[0]!.trim();
      return { reason: `"${key}" is given twice: keep one`, offset: pos[0] };
    }
    case 'TAB_AS_INDENT':
      return { reason: 'tabs cannot indent YAML: indent with spaces', offset: pos[0] };
    case 'BAD_INDENT':
      if (/Flow sequence/.test(message)) return unclosed(text, pos[0], '[', ']', 'a list opened with "[" is not closed with "]"');
      if (/Flow map/.test(message)) return unclosed(text, pos[0], '{', '}', 'a mapping opened with "{" is not closed with "}"');
      break;
  }
  return { reason: `${message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')} (check indentation, colons and quotes)`, offset: pos[0] };
}

/** The last line before `end` that opens a quoted value and does not close it. */
function unclosedQuote(text: string, end: number): YamlProblem {
  const lines = text.slice(0, end).split('\n');
  let offset = 0;
  let found: number | undefined;
  for (const line of lines) {
    const match = /^(\s*(?:-\s+)?[^:#]*:\s+|\s*-\s+)(["'])/.exec(line);
    if (match) {
      const quote = match[2]!;
      const rest = line.slice(match[1]!.length + 1);
      if (!rest.includes(quote)) found = offset + match[1]!.length;
    }
    offset += line.length + 1;
  }
  return { reason: 'this quoted value is never closed: add the closing quote at the end of the value', offset: found ?? end };
}

function unclosed(text: string, end: number, open: string, close: string, reason: string): YamlProblem {
  const before = text.slice(0, end);
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i] === close) depth++;
    if (before[i] === open) {
      if (depth === 0) return { reason, offset: i };
      depth--;
    }
  }
  return { reason, offset: end };
}
