// Shared by the XML outputs: text made safe for XML 1.0 and documents serialised one way.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

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

export function xmlDocument(): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8' });
}

export function serialize(doc: XMLBuilder): string {
  return `${doc.end({ prettyPrint: true })}\n`;
}
