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

export async function xmlDocument(): Promise<XMLBuilder> {
  // A CommonJS package: Node's import() names its exports, a bundle's gives the default alone.
  builder ??= import('xmlbuilder2').then((module) => (typeof module.create === 'function' ? module : (module.default as XmlBuilder)));
  const { create } = await builder;
  return create({ version: '1.0', encoding: 'UTF-8' });
}

export function serialize(doc: XMLBuilder): string {
  return `${doc.end({ prettyPrint: true })}\n`;
}
