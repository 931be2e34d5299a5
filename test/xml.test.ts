// The feeds' XML writer (src/feeds/xml.ts) against xmlbuilder2, whose pretty-printed output it
// stands in for: any tree of elements, attributes and text, any text (entities and lone
// ampersands, markup, quotes, line breaks, control characters, astral characters, nothing at
// all) is written to the same bytes by both. Pinned seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { serialize, xmlDocument, xmlText, type XmlElement } from '../src/feeds/xml.ts';

interface Tree {
  name: string;
  attributes: Record<string, string>;
  content: string | Tree[];
}

const pieces = ['&', '&amp;', '&#60;', '&#x3c;', '&nosuch;', '<', '>', '"', "'", '\n', '\r\n', '\t', '\u0001', '😀', 'é', ' ', 'text'];
const text = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join(''));
const name = fc.constantFrom('item', 'title', 'atom:link', 'content:encoded', 'dc:creator', 'url', 'loc');
const attributes = fc
  .dictionary(fc.constantFrom('href', 'rel', 'type', 'isPermaLink', 'xmlns:news'), text, { maxKeys: 3 })
  .map((record) => ({ ...record }));

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    name,
    attributes,
    content: fc.oneof({ depthSize: 'small' }, text, fc.array(tie('tree'), { maxLength: 4 })),
  }),
})).tree;

function ours(node: Tree, parent?: XmlElement): XmlElement {
  const element = parent ? parent.ele(node.name, node.attributes) : xmlDocument(node.name, node.attributes);
  if (typeof node.content === 'string') element.txt(node.content);
  else for (const child of node.content) ours(child, element);
  return element;
}

function theirs(node: Tree, parent: XMLBuilder): void {
  const element = parent.ele(node.name, node.attributes);
  if (typeof node.content === 'string') element.txt(node.content);
  else for (const child of node.content) theirs(child, element);
}

describe('the XML writer', () => {
  it('writes any tree to the bytes xmlbuilder2 pretty-prints', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (root, escaped) => {
        // As the feeds use it (text through xmlText) and as it is.
        const clean = (node: Tree): Tree => ({
          name: node.name,
          attributes: Object.fromEntries(Object.entries(node.attributes).map(([k, v]) => [k, xmlText(v)])),
          content: typeof node.content === 'string' ? xmlText(node.content) : node.content.map(clean),
        });
        const input = escaped ? clean(root) : root;
        const document = create({ version: '1.0', encoding: 'UTF-8' });
        theirs(input, document);
        expect(serialize(ours(input))).toBe(`${document.end({ prettyPrint: true })}\n`);
      }),
      { seed: 20261201, numRuns: 400 },
    );
  });

  it('takes text or elements in an element, not both', () => {
    const root = xmlDocument('channel');
    root.ele('title').txt('A');
    expect(() => root.txt('B')).toThrow(/one text and no elements/);
    expect(() => root.ele('item').txt('x').ele('y')).toThrow(/takes no elements/);
  });
});
