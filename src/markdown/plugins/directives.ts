// remark plugin: `::pullquote{n=1}` marks where a pull quote goes; any other directive is a
// probable typo, so it is reported and its text kept rather than silently dropped.
import type { Root, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';
import { PULLQUOTE_TAG } from './pullquotes.ts';

type Directive = ContainerDirective | LeafDirective | TextDirective;

export function remarkMastheadDirectives() {
  return (tree: Root, file: VFile) => {
    const quoteCount = file.data.quoteCount ?? 0;
    walk(tree, (node, index, parent) => {
      if (!isDirective(node) || !parent || index === undefined) return;
      if (node.type === 'leafDirective' && node.name === 'pullquote') {
        const n = Number(node.attributes?.n ?? '1');
        if (!Number.isInteger(n) || n < 1 || n > quoteCount) {
          const have = quoteCount === 0 ? 'the frontmatter has no "quotes"' : `the frontmatter has ${quoteCount} quote(s)`;
          file.message(
            `::pullquote{n=${node.attributes?.n ?? ''}} does not match a quote: ${have}; use n=1 to n=${Math.max(1, quoteCount)}`,
            { place: node.position, ruleId: 'pullquote' },
          ).fatal = true;
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        node.data = { hName: PULLQUOTE_TAG, hProperties: { dataN: String(n) } };
        return SKIP;
      }
      if (node.type === 'textDirective') {
        // Text like "ratio 3:1" or "Note:this" parses as a directive; put the colon back.
        const restored: Text = { type: 'text', value: `:${node.name}` };
        parent.children.splice(index, 1, restored, ...(node.children as Text[]));
        return [SKIP, index + 1];
      }
      const marker = node.type === 'leafDirective' ? '::' : ':::';
      file.message(`unknown directive "${marker}${node.name}" is ignored (masthead knows "::pullquote{n=1}"); its text, if any, is kept`, {
        place: node.position,
        ruleId: 'directive',
      });
      const kept =
        node.type === 'containerDirective'
          ? node.children
          : node.children.length > 0
            ? [{ type: 'paragraph', children: node.children }]
            : [];
      parent.children.splice(index, 1, ...(kept as typeof parent.children));
      return [SKIP, index];
    });
  };
}

function isDirective(node: { type: string }): node is Directive {
  return node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective';
}
