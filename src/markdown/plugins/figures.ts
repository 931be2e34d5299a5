// rehype plugin, after sanitizing: an image alone in its paragraph becomes a <figure>, its title
// the caption. Body images load lazily, as they are below the headline and hero image. An image
// without a source (empty, or javascript: or data: and removed by the sanitizer) would be
// published broken: it is an error; one without alt text gets an empty one, so the page stays
// valid, and the editor a warning.
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export function rehypeFigures() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'img') {
        if (typeof node.properties.src !== 'string' || node.properties.src === '') {
          const reason =
            'image has no source (empty, or removed as unsafe): write ![what it shows](/media/file.jpg) with the file in content/media/';
          file.message(reason, { place: node.position, ruleId: 'image' }).fatal = true;
          parent?.children.splice(index!, 1);
          return [SKIP, index!];
        }
        if (typeof node.properties.alt !== 'string') {
          file.message('image without alt text: describe it for readers who cannot see it, e.g. ![A road through the mountains](...)', {
            place: node.position,
            ruleId: 'alt',
          });
          node.properties.alt = '';
        }
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
