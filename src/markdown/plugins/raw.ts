// rehype-raw, applied only to bodies that contain raw HTML. It re-parses the whole tree through
// an HTML parser, which most articles (plain markdown) do not need.
import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import { EXIT, walk } from '../walk.ts';
import type { VFile } from 'vfile';

export function rehypeRawWhenPresent() {
  const raw = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    let present = false;
    walk(tree, 'raw', () => {
      present = true;
      return EXIT;
    });
    return present ? (raw(tree, file) as Root) : tree;
  };
}
