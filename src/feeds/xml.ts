// Shared by the XML outputs: text made safe for XML 1.0 and documents serialised one way.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

type XmlBuilder = typeof import('xmlbuilder2');

/** xmlbuilder2 and the DOM it builds on (about 660 KB of code, 30-40 ms to load), loaded by the
 * first XML output a process writes: a build whose feeds and sitemaps are all kept (an article
 * edited) never compiles it. */
let builder: XmlBuilder | Promise<XmlBuilder> | undefined;

/** For worker threads, which import it statically: from source they load modules through tsx's
 * require hook, where import() fails. */
export function provideXmlBuilder(module: XmlBuilder): void {
  builder = module;
}

/**
 * Text for xmlbuilder2's txt() and attributes. XML 1.0 cannot carry most control characters,
 * even escaped, so they are dropped. And xmlbuilder2 leaves anything that looks like an entity
 * ("&amp;", "&#60;", "&nosuch;") as it is, which would turn escaped markup in content back into
 * markup, or make the XML malformed; escaping every "&" first makes the text read back exactly.
 */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '').replace(/&/g, '&amp;');
}

function xmlBuilder(): XmlBuilder | Promise<XmlBuilder> {
  // A CommonJS package: Node's import() names its exports, a bundle's gives the default alone.
  return (builder ??= import('xmlbuilder2').then((module) =>
    typeof module.create === 'function' ? module : (module.default as XmlBuilder),
  ));
}

export async function xmlDocument(): Promise<XMLBuilder> {
  const { create } = await xmlBuilder();
  return create({ version: '1.0', encoding: 'UTF-8' });
}

export function serialize(doc: XMLBuilder): string {
  return `${doc.end({ prettyPrint: true })}\n`;
}

/** How many of a long list's elements are built and serialised at a time. */
const PIECE = 1000;
const PLACEHOLDER = 'masthead-list-items';

/**
 * The same text as one document of `root` holding an element for each item (made by `add`),
 * built a thousand items at a time: xmlbuilder2 builds a DOM, about 3.4 KB an entry of a
 * sitemap, and a 100,000-article site's sitemap has 165,000 (+558 MiB, 5.5 s in one piece;
 * +59 MiB, 1.8 s in pieces). The library writes the declaration and the root's tags, from the
 * root holding one placeholder element, and the items in between.
 */
export async function serializeList<T>(
  root: string,
  attributes: Record<string, string>,
  items: readonly T[],
  add: (parent: XMLBuilder, item: T) => void,
): Promise<string> {
  const document = (await xmlDocument()).ele(root, attributes);
  if (items.length === 0) return serialize(document);
  const { fragment } = await xmlBuilder();
  const [head, tail] = serialize(document.ele(PLACEHOLDER).up()).split(`\n  <${PLACEHOLDER}/>\n`) as [string, string];
  let body = '';
  for (let start = 0; start < items.length; start += PIECE) {
    const piece = fragment();
    for (const item of items.slice(start, start + PIECE)) add(piece, item);
    body += `${piece.end({ prettyPrint: true, offset: 1 })}\n`;
  }
  return `${head}\n${body}${tail}`;
}
