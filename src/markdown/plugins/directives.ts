// remark plugins: `::pullquote{n=1}` marks where a pull quote goes; any other block directive
// is a probable typo, so it is reported and its text kept rather than silently dropped. Text
// that parsed as an inline directive (`:name`) is prose with a colon in it, and stays text.
import type { Root, RootContent, Text } from 'mdast';
import type { Processor } from 'unified';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';
import { PULLQUOTE_TAG } from './pullquotes.ts';

type Directive = ContainerDirective | LeafDirective | TextDirective;

/**
 * remark plugin, used right after remark-directive and before GFM: text that parsed as a text
 * directive is put back as text while the tree is built. Prose like "Note:this" or
 * "mailto:desk@example.org" parses as one (`:this`, `:desk`), and GFM's autolink transform,
 * which runs at the same time, found no address in "mailto" + ":desk" + "@example.org": the
 * colon is put back and the pieces joined into one text, as they were written.
 */
export function remarkTextDirectivesAsText(this: Processor): void {
  const data = this.data() as { fromMarkdownExtensions?: unknown[] };
  (data.fromMarkdownExtensions ??= []).push({ transforms: [restoreTextDirectives] });
}

function restoreTextDirectives(tree: Root): undefined {
  walk(tree, 'textDirective', (node, index, parent) => {
    if (!parent || index === undefined) return;
    const restored: Text = { type: 'text', value: `:${node.name}` };
    parent.children.splice(index, 1, restored, ...(node.children as Text[]));
    const at = joinTexts(parent.children, index);
    return [SKIP, at];
  });
  return undefined;
}

/** Joins the text nodes around `index` in `children` into one; returns where the walk goes on. */
function joinTexts(children: RootContent[], index: number): number {
  let start = index;
  while (start > 0 && children[start - 1]!.type === 'text') start--;
  let end = index;
  while (end + 1 < children.length && children[end + 1]!.type === 'text') end++;
  if (end === start) return index + 1;
  const texts = children.slice(start, end + 1) as Text[];
  const first = texts.find((text) => text.position)?.position;
  const last = [...texts].reverse().find((text) => text.position)?.position;
  const joined: Text = { type: 'text', value: texts.map((text) => text.value).join('') };
  if (first && last) joined.position = { start: first.start, end: last.end };
  children.splice(start, end - start + 1, joined);
  return start + 1;
}

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
