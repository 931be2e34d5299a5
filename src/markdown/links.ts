// The local links and images of a rendered body, each with its position in the markdown, so the
// link check (src/links/) can report a broken one where the editor wrote it. Collected from the
// final tree, after the sanitizer, so only what is published is checked. Kept with the body's
// summary in the cache: a body read from the cache is checked again on every build.
import type { Element, Root, RootContent } from 'hast';
import { isSitePath } from '../urls.ts';

export interface BodyLink {
  /** As the body has it before links are made relative: "/media/x.png", "images/x.jpg", "#notes". */
  url: string;
  tag: string;
  attribute: 'href' | 'src' | 'srcset';
  /** In the body's markdown (the cache is per body; the file's line is added later). */
  line: number;
  column: number;
}

const ATTRIBUTES = [
  ['href', 'href'],
  ['src', 'src'],
  ['srcSet', 'srcset'],
] as const;

/** Every link of the tree that points into the site: site paths, relative paths, fragments and
 * absolute URLs on `baseUrl`. (An image without a source never gets here: see figures.ts.) */
export function collectBodyLinks(tree: Root, baseUrl: string): BodyLink[] {
  const links: BodyLink[] = [];
  const walk = (nodes: readonly RootContent[], line: number, column: number) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      // Generated elements (footnote back-links) have no position: use their parent's.
      const start = node.position?.start;
      const at = { line: start?.line ?? line, column: start?.column ?? column };
      for (const url of linksOf(node)) {
        if (isLocal(url.value, baseUrl)) links.push({ url: url.value, tag: node.tagName, attribute: url.attribute, ...at });
      }
      walk(node.children, at.line, at.column);
    }
  };
  walk(tree.children, 1, 1);
  return links;
}

function linksOf(node: Element): { value: string; attribute: BodyLink['attribute'] }[] {
  const found: { value: string; attribute: BodyLink['attribute'] }[] = [];
  for (const [property, attribute] of ATTRIBUTES) {
    const value = node.properties[property];
    if (typeof value !== 'string') continue;
    if (attribute === 'srcset') for (const candidate of srcsetUrls(value)) found.push({ value: candidate, attribute });
    else if (value !== '') found.push({ value, attribute });
  }
  return found;
}

/** The URLs of a srcset: "a.png 1x, b.png 2x" gives a.png and b.png. */
export function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url !== '');
}

/** No scheme and no host of its own ("x/", "/x", "#x", "?x"), or under the site's own address. */
function isLocal(url: string, baseUrl: string): boolean {
  if (url.startsWith(baseUrl)) return true;
  if (url.startsWith('//')) return false;
  return isSitePath(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
}
