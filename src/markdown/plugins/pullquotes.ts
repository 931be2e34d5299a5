// rehype plugin, after sanitizing: gathers the pull-quote markers, which the render stage
// replaces with the pull-quote partial. Quotes the body does not place are spread evenly
// between its paragraphs, never piled up at the end.
//
// A marker is serialised as `<masthead-pullquote data-n="1"></masthead-pullquote>`. Content
// cannot forge that string: "<" is escaped in text and in attribute values alike (see
// stringify.ts), and so are double quotes inside an attribute value.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';

export const PULLQUOTE_TAG = 'masthead-pullquote';
/** `<masthead-pullquote data-n="2"></masthead-pullquote>` in body HTML stands for the second quote. */
export const PULLQUOTE_MARKER = /<masthead-pullquote data-n="(\d+)"><\/masthead-pullquote>/g;

export function rehypePullquotes() {
  return (tree: Root, file: VFile) => {
    const quoteCount = file.data.quoteCount ?? 0;
    const placed = new Set<number>();
    replaceMarkers(tree, placed);
    const unplaced = Array.from({ length: quoteCount }, (_, i) => i + 1).filter((n) => !placed.has(n));
    if (unplaced.length > 0) spread(tree, unplaced);
  };
}

function marker(n: number): Element {
  return { type: 'element', tagName: PULLQUOTE_TAG, properties: { dataN: String(n) }, children: [] };
}

function replaceMarkers(node: Root | Element, placed: Set<number>): void {
  node.children = node.children.flatMap((child): (RootContent & ElementContent)[] => {
    if (child.type !== 'element') return [child as RootContent & ElementContent];
    if (child.tagName === PULLQUOTE_TAG) {
      // Written as raw HTML, a marker may carry anything; keep only a well-formed one.
      const n = Number(child.properties.dataN);
      if (!Number.isInteger(n) || n < 1) return [];
      placed.add(n);
      return [marker(n)];
    }
    replaceMarkers(child, placed);
    return [child];
  }) as typeof node.children;
}

/** Inserts each quote after a top-level paragraph, at even intervals through the body. */
function spread(tree: Root, quotes: number[]): void {
  const paragraphs = tree.children.flatMap((child, index) => (child.type === 'element' && child.tagName === 'p' ? [index] : []));
  // Never before the first paragraph and never after the last one: a quote needs text around it.
  const slots = paragraphs.slice(0, -1);
  if (slots.length === 0) {
    tree.children.push(...quotes.map(marker));
    return;
  }
  const insertions = new Map<number, number[]>();
  quotes.forEach((n, i) => {
    const slot = slots[Math.floor(((i + 1) * slots.length) / (quotes.length + 1))]!;
    insertions.set(slot, [...(insertions.get(slot) ?? []), n]);
  });
  tree.children = tree.children.flatMap((child, index) => [child, ...(insertions.get(index) ?? []).map(marker)]);
}
