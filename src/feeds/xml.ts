// Shared by the XML outputs: text made safe for XML 1.0, and a small element tree written out
// as text. Feeds are the one output made of thousands of little elements (a cold build of a
// large archive writes one per tag, section and author), and a tree of plain objects written
// by concatenation costs a fraction of a DOM and its serialiser. The bytes are those
// xmlbuilder2 (the parser the tests read feeds with) writes when pretty-printing the same
// tree: test/xml.test.ts holds the two to the same output.

/**
 * Text for txt() and attributes. XML 1.0 cannot carry most control characters, even escaped,
 * so they are dropped. And the serialisation below, like xmlbuilder2's, leaves anything that
 * looks like an entity ("&amp;", "&#60;", "&nosuch;") as it is, which would turn escaped
 * markup in content back into markup, or make the XML malformed; escaping every "&" first
 * makes the text read back exactly.
 */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '').replace(/&/g, '&amp;');
}

/** An element: attributes, then either text or child elements. */
export class XmlElement {
  private readonly children: XmlElement[] = [];
  private text: string | undefined;

  constructor(
    private readonly name: string,
    private readonly attributes: Readonly<Record<string, string>> = {},
  ) {}

  /** Adds a child element and returns it. */
  ele(name: string, attributes?: Readonly<Record<string, string>>): XmlElement {
    if (this.text !== undefined) throw new Error(`<${this.name}> has text: it takes no elements`);
    const child = new XmlElement(name, attributes);
    this.children.push(child);
    return child;
  }

  /** Sets the element's text (escaped when written). */
  txt(text: string): this {
    if (this.children.length > 0 || this.text !== undefined) throw new Error(`<${this.name}> takes one text and no elements with it`);
    this.text = text;
    return this;
  }

  /** Writes the element at `depth`, two spaces a level: an element with text (or nothing) on one
   * line, one with elements over several. */
  write(lines: string[], depth: number): void {
    const indent = '  '.repeat(depth);
    let open = `${indent}<${this.name}`;
    for (const [name, value] of Object.entries(this.attributes)) open += ` ${name}="${escapeAttribute(value)}"`;
    if (this.children.length > 0) {
      lines.push(`${open}>`);
      for (const child of this.children) child.write(lines, depth + 1);
      lines.push(`${indent}</${this.name}>`);
    } else if (this.text) lines.push(`${open}>${escapeText(this.text)}</${this.name}>`);
    else lines.push(`${open}/>`);
  }
}

/** The root element of a new document. */
export function xmlDocument(name: string, attributes?: Readonly<Record<string, string>>): XmlElement {
  return new XmlElement(name, attributes);
}

/** The document: the XML declaration, the tree, and a final newline. */
export function serialize(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  root.write(lines, 0);
  return `${lines.join('\n')}\n`;
}

/** An "&" that starts no entity; one that does is left as it is (see xmlText). */
const LONE_AMPERSAND = /&(?![A-Za-z]+;|#\d+;)/g;

function escapeText(text: string): string {
  return text.replace(LONE_AMPERSAND, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}
