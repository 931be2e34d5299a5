// rehype plugin, after figures: marks each image of content/media in the body, so the render
// stage can give it the width, height and resized versions the image stage found (a body is
// cached apart from its images, so an edited photo never renders the markdown again). Raster
// images are wrapped in <picture>, whose <source> the render stage fills. The list of images,
// with their positions, goes back to the build to know what to encode and where to report.
import type { Element, Root } from 'hast';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';

export interface BodyImage {
  /** The site path, e.g. /media/2023/photo.jpg. */
  src: string;
  line: number;
  column: number;
}

declare module 'vfile' {
  interface DataMap {
    images: BodyImage[];
  }
}

/** The attribute that marks the nth image (and its <source>) in the HTML: data-masthead-image="n". */
export const IMAGE_MARKER = 'data-masthead-image';
const RASTER = /\.(jpe?g|png|webp)$/i;

export function rehypeImages() {
  return (tree: Root, file: VFile) => {
    const images: BodyImage[] = [];
    walk(tree, 'element', (node, index, parent) => {
      const src = node.properties.src;
      if (node.tagName !== 'img' || typeof src !== 'string' || !src.startsWith('/media/')) return;
      const n = String(images.length);
      const path = src.split(/[?#]/)[0]!;
      images.push({ src: path, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
      // The marker first, so the render stage finds "<img data-masthead-image="n"" whatever
      // follows; the file's own size replaces any the author wrote.
      const { width: _width, height: _height, ...rest } = node.properties;
      node.properties = { dataMastheadImage: n, ...rest };
      if (!RASTER.test(path) || !parent || index === undefined) return;
      const source: Element = { type: 'element', tagName: 'source', properties: { dataMastheadImage: n }, children: [] };
      // Already in the author's own <picture>: our versions join its sources, after the
      // author's (a browser takes the first that fits), rather than a <picture> in a <picture>.
      if (parent.type === 'element' && parent.tagName === 'picture') {
        parent.children.splice(index, 0, source);
        return [SKIP, index + 2];
      }
      parent.children[index] = { type: 'element', tagName: 'picture', properties: {}, children: [source, node] };
      return SKIP;
    });
    file.data.images = images;
  };
}
