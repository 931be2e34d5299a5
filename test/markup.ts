// Checks on built markup that more than one suite needs. xmlbuilder2's parser is lenient (it
// accepts some malformed XML and decodes "&amp;#60;" one level too far), so well-formedness
// and element text are checked here by the rules of XML 1.0 itself.
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Position } from 'unist';

/** A character outside XML 1.0's Char production (which not even a reference can carry). */
// eslint-disable-next-line no-control-regex
export const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text as XML 1.0 can carry it: characters outside its Char production dropped. */
export function xmlVisible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '');
}

/**
 * What makes an XML 1.0 document not well-formed that a lenient parser lets through:
 * characters outside the Char production (raw or as character references), and "&" that starts
 * neither a predefined entity nor a character reference (an undefined entity, or a bare "&").
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  for (const c of xml.match(NOT_XML_CHAR) ?? [])
    problems.push(`character U+${c.codePointAt(0)!.toString(16).padStart(4, '0')} is not allowed in XML 1.0`);
  for (const [ref, hex, dec] of xml.matchAll(/&#(?:x([0-9a-f]+)|([0-9]+));/gi)) {
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) problems.push(`character reference ${ref} is not allowed in XML 1.0`);
  }
  for (const [bad] of xml.matchAll(/&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)[^\s<]{0,12}/g)) {
    problems.push(`"${bad}" is an undefined entity or a bare "&": not well-formed XML`);
  }
  return problems;
}

/** XML text with its five predefined entities and character references decoded, once. */
export function decodeXml(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, ref: string) => {
    if (named[ref] !== undefined) return named[ref];
    try {
      return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    } catch {
      return '\ufffd';
    }
  });
}

/** The text of every `name` element in `xml` (elements holding text only), decoded once. */
export function elementTexts(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([^<]*)</${name}>)`, 'g');
  return [...xml.matchAll(pattern)].map((m) => decodeXml(m[1] ?? ''));
}

/** Every element of an HTML tree, in document order. */
export function elementsOf(tree: Root | Element): Element[] {
  const found: Element[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type === 'element') {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(tree);
  return found;
}

/**
 * Each attribute in `html` whose value is written with a raw "<" or ">": the mutation-XSS
 * shape (a value that turns into markup when the HTML is parsed and written out again).
 * Attributes are read at their source positions, as written, not as a parser decodes them.
 */
export function rawAngleBracketsInAttributes(html: string, fragment = false): string[] {
  const problems: string[] = [];
  for (const element of elementsOf(fromHtml(html, { fragment, verbose: true }))) {
    const written = (element.data as { position?: { properties?: Record<string, Position | undefined> } } | undefined)?.position
      ?.properties;
    for (const [name, place] of Object.entries(written ?? {})) {
      const source = place ? html.slice(place.start.offset, place.end.offset) : '';
      const value = source.slice(source.indexOf('=') + 1);
      if (source.includes('=') && /[<>]/.test(value)) problems.push(`<${element.tagName}> ${name}: ${source}`);
    }
  }
  return problems;
}
