// The markdown plugins' own tree walk keeps unist-util-visit's contract, which the plugins were
// written against: the same nodes in the same order, with the same index and parent, whatever a
// visitor answers (SKIP, EXIT, an index to go on from) and however it changes the tree it walks.
import type { Node, Parent } from 'unist';
import { fromHtml } from 'hast-util-from-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit, type VisitorResult } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { EXIT, SKIP, walk } from '../src/markdown/walk.ts';

const MARKDOWN = `# Council votes

The council met on *Tuesday* and voted [to close](/2024/05/roads/) the road.

> A quote with **strong** words.

- one
- two with \`code\`

| a | b |
| - | - |
| 1 | 2 |
`;

const HTML = `<h1>Title</h1><p>Some <em>text</em> and <a href="/x/">a link</a>.</p><figure><img src="a.png"><figcaption>Cap</figcaption></figure><ul><li>one</li><li>two <b>bold</b></li></ul>`;

type Step = (node: Node, index: number | undefined, parent: Parent | undefined) => VisitorResult;

/** Every visit as `type@index` under its parent's type, with what `step` answered. */
function trace(run: (visitor: Step) => void, step: Step): string[] {
  const seen: string[] = [];
  run((node, index, parent) => {
    seen.push(`${node.type}@${index ?? '-'}<${parent?.type ?? '-'}`);
    return step(node, index, parent);
  });
  return seen;
}

/** A visitor that changes the tree: before each emphasis it inserts a text node and skips past both. */
function inserting(): Step {
  return (node, index, parent) => {
    if (node.type === 'emphasis' || (node as { tagName?: string }).tagName === 'em') {
      parent!.children.splice(index!, 0, { type: 'text', value: 'inserted' } as never);
      return [SKIP, index! + 2];
    }
    return undefined;
  };
}

const visitors: Record<string, () => Step> = {
  'walks everything': () => () => undefined,
  'skips the children of a node answering SKIP': () => (node) => (node.type === 'paragraph' || node.type === 'element' ? SKIP : undefined),
  'stops at EXIT': () => {
    let left = 7;
    return () => (--left === 0 ? EXIT : undefined);
  },
  'goes on from the index a visitor answers': () => (node, index) => (node.type === 'listItem' && index === 0 ? index + 2 : undefined),
  'walks what a visitor inserts, as it tells': inserting,
};

describe.each([
  ['mdast', () => unified().use(remarkParse).parse(MARKDOWN) as Node],
  ['hast', () => fromHtml(HTML, { fragment: true }) as Node],
])('walk over %s', (_, parse) => {
  it.each(Object.keys(visitors))('%s, as unist-util-visit', (name) => {
    const expected = trace((visitor) => visit(parse(), visitor), visitors[name]!());
    const actual = trace((visitor) => walk(parse(), visitor as never), visitors[name]!());
    expect(actual.length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it.each(['text', 'element', 'paragraph'])('visits only nodes of type %s when asked, as unist-util-visit', (type) => {
    const expected = trace(
      (visitor) => visit(parse(), type, visitor),
      () => undefined,
    );
    const actual = trace(
      (visitor) => walk(parse(), type, visitor as never),
      () => undefined,
    );
    expect(actual).toEqual(expected);
  });
});
