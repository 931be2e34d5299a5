// rehype plugin, after sanitizing and slugging: makes in-page links land on their targets.
// The sanitizer is the one owner of the id prefix: it renames every id and name in a body to
// "user-content-..." (footnotes' ids included), so that nothing an article says can shadow a
// global of the page's scripts (DOM clobbering). A link "#x" whose target became
// "user-content-x" is pointed at it here, as GitHub's own script does in the browser. Heading
// ids come from rehype-slug after sanitizing, unprefixed, so links written as "#a-heading" stay.
import type { Root } from 'hast';
import { walk } from '../walk.ts';

/** What the sanitizer puts before every id and name written in a body. */
export const CLOBBER_PREFIX = 'user-content-';

export function rehypeFragmentLinks() {
  return (tree: Root) => {
    // What a fragment can land on: any element's id, and the name of an <a> (an old-style anchor).
    const ids = new Set<string>();
    walk(tree, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (node.tagName === 'a' && typeof node.properties.name === 'string') ids.add(node.properties.name);
    });
    walk(tree, 'element', (node) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const target = decodeFragment(href.slice(1));
      if (target === undefined || ids.has(target) || !ids.has(CLOBBER_PREFIX + target)) return;
      node.properties.href = `#${CLOBBER_PREFIX}${href.slice(1)}`;
    });
  };
}

/** The id a fragment names, as a browser reads it (percent-decoded); undefined if malformed. */
function decodeFragment(fragment: string): string | undefined {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}
