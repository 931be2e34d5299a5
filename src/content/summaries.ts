// Summaries are plain text wherever they appear (under the headline, in lists, meta tags,
// JSON-LD, feeds), so HTML written in one is shown as typed: "<em>new</em>" reads as
// "&lt;em&gt;new&lt;/em&gt;" to nobody's benefit. An editor who writes it gets a warning at the
// summary saying what to write instead; the summary still builds, escaped as always.
import { characterEntities } from 'character-entities';
import { htmlTagNames } from 'html-tag-names';
import { report, type Place, type MessageSink } from '../diagnostics.ts';

const KNOWN_TAGS = new Set(htmlTagNames);
/** An opening, closing or self-closing tag; only known HTML element names count, so a summary
 * "Talks on <EAEU> tariffs" is words in angle brackets, not markup. */
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?\/?>/g;
const REFERENCE = /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));/g;

/** Warns once per summary that holds HTML tags or character references. */
export function warnAboutHtml(file: MessageSink, summary: string, place: () => Place): void {
  const tags = [...summary.matchAll(TAG)].filter((m) => KNOWN_TAGS.has(m[1]!.toLowerCase())).map((m) => m[0]);
  const references = [...summary.matchAll(REFERENCE)].flatMap((m) => {
    const character = characterOf(m[1], m[2], m[3]);
    return character === undefined ? [] : [{ written: m[0], character }];
  });
  if (tags.length === 0 && references.length === 0) return;
  const found = [...new Set([...tags, ...references.map((r) => r.written)])];
  const fixes = [
    ...(tags.length > 0 ? ['write the words without the tags (emphasis belongs in the body)'] : []),
    ...[...new Map(references.map((r) => [r.written, r.character]))].map(([written, character]) => `write ${written} as "${character}"`),
  ];
  const reason = `"summary" is plain text, so HTML in it is shown as typed (${found.join(' ')}): ${fixes.join('; ')}`;
  report(file, 'warning', reason, place(), 'summary');
}

function characterOf(decimal: string | undefined, hex: string | undefined, name: string | undefined): string | undefined {
  if (name !== undefined) return Object.hasOwn(characterEntities, name) ? characterEntities[name] : undefined;
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
  return code > 0x1f && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : undefined;
}
