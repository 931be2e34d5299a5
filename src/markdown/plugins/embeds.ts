// rehype plugin, after sanitizing: keeps an <iframe> only when its host is one the site allows
// in site.yaml `embeds`, and makes kept ones lazy and titled; others are removed with a warning.
import type { Root } from 'hast';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';

export function rehypeEmbeds(options: { hosts: readonly string[] }) {
  return (tree: Root, file: VFile) => {
    walk(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'iframe' || !parent || index === undefined) return;
      const src = typeof node.properties.src === 'string' ? node.properties.src : '';
      const host = hostOf(src);
      if (host && options.hosts.includes(host)) {
        node.properties.loading = 'lazy';
        node.properties.title ??= `Embedded content from ${host}`;
        node.children = [];
        return;
      }
      const fix = host ? `add "${host}" to embeds in content/site.yaml to allow it` : 'an embed needs an https address';
      file.message(`embed from "${host ?? src}" removed: ${fix}`, { place: node.position, ruleId: 'embed' });
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  };
}

function hostOf(src: string): string | undefined {
  try {
    const url = new URL(src);
    return url.protocol === 'https:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}
