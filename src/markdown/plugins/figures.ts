// rehype plugin: an image alone in its paragraph becomes a <figure>, its title the caption.
// Body images load lazily, as they are below the headline and hero image.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'img') {
        node.properties.loading = 'lazy';
        node.properties.decoding = 'async';
      }
      if (node.tagName !== 'p') return;
      const meaningful = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const only = meaningful[0];
      if (meaningful.length !== 1 || only?.type !== 'element' || only.tagName !== 'img') return;
      const caption = typeof only.properties.title === 'string' ? only.properties.title : undefined;
      delete only.properties.title;
      const children: Element[] = [only];
      if (caption) children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] });
      Object.assign(node, { tagName: 'figure', properties: { className: ['figure'] }, children });
    });
  };
}
