// rehype plugin, after sanitizing: an image alone in its paragraph becomes a <figure>, its title
// the caption. Body images load lazily, as they are below the headline and hero image. An image
// with an empty source would be published broken: it is an error. One the sanitizer left
// without a source (it was javascript: or data:) is hostile rather than mistaken: it is removed,
// with a warning. One without alt text gets an empty one, so the page stays valid, and the
// editor a warning.
import type { Element, Root } from 'hast';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';

export function rehypeFigures() {
  return (tree: Root, file: VFile) => {
    walk(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'img') {
        if (node.properties.src === '') {
          const reason = 'image has no source: write ![what it shows](/media/file.jpg) with the file in content/media/';
          file.message(reason, { place: node.position, ruleId: 'image' }).fatal = true;
        } else if (typeof node.properties.src !== 'string') {
          const reason = 'image removed: it has no source, or an unsafe one (javascript:, data:); use a file in content/media/';
          file.message(reason, { place: node.position, ruleId: 'image' });
        }
        if (typeof node.properties.src !== 'string' || node.properties.src === '') {
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
