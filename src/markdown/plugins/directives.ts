// remark plugins: `::pullquote{n=1}` marks where a pull quote goes; any other block directive
// is a probable typo, so it is reported and its text kept rather than silently dropped. There are
// no inline directives: a colon in prose ("Note:this") is text.
import type { Root } from 'mdast';
import { directiveFromMarkdown, type ContainerDirective, type LeafDirective } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';
import type { Processor } from 'unified';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';
import { PULLQUOTE_TAG } from './pullquotes.ts';

type Directive = ContainerDirective | LeafDirective;

/**
 * remark plugin: remark-directive's block directives (`::name` and `:::name`) without its inline
 * one (`:name[label]{attributes}`). Masthead has no inline directive, and prose is full of text
 * that parses as one: "Note:this", "mailto:desk@example.org", "see:this[note]{sic}". Parsed and
 * then put back as text, its brackets and braces were lost, and a link right after the label was
 * not a link; never parsed, it is the text CommonMark and GFM make of it.
 */
export function remarkBlockDirectives(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ flow: directive().flow });
  (data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown());
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
  return node.type === 'leafDirective' || node.type === 'containerDirective';
}
