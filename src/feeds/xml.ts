// Shared by the XML outputs: text made safe for XML 1.0 and documents serialised one way.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

/** XML 1.0 cannot carry most control characters, even escaped; drop them. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}

export function xmlDocument(): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8' });
}

export function serialize(doc: XMLBuilder): string {
  return `${doc.end({ prettyPrint: true })}\n`;
}
