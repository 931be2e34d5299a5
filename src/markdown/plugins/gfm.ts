// GitHub-flavoured markdown (tables, strikethrough, task lists, footnotes, autolink literals)
// for remark, without micromark's character-by-character autolink-literal tokenizer, which
// was a third of all parsing time. Autolink literals are still found: mdast-util-gfm's
// tree transform links bare URLs, www. addresses and e-mails in text after parsing.
//
// That transform walks the whole tree once for each of its four patterns, through
// unist-util-visit-parents (see ../walk.ts for its cost), and every one of them needs an "@",
// "www." or "http(s)://" in a text node: a body with none (most: a link's address is not text)
// is not walked for them.
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Root } from 'mdast';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';
import { EXIT, walk } from '../walk.ts';

/** What every autolink literal starts with or holds: the transform's patterns, loosened. */
const LITERAL_MARK = /@|www\.|https?:\/\//i;

type Extension = ReturnType<typeof gfmFromMarkdown>[number];
type Transform = NonNullable<Extension['transforms']>[number];

export function remarkGfmWithoutLiteralTokenizer(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown().map(onlyWhereLiteralsCanBe));
}

/** The autolink-literal extension with its transform run only on trees that can hold one. */
function onlyWhereLiteralsCanBe(extension: Extension): Extension {
  if (!extension.enter?.literalAutolink || !extension.transforms) return extension;
  const transforms = extension.transforms.map(
    (transform): Transform =>
      (tree) =>
        mayHoldLiterals(tree) ? transform(tree) : undefined,
  );
  return { ...extension, transforms };
}

function mayHoldLiterals(tree: Root): boolean {
  let found = false;
  walk(tree, 'text', (node) => {
    if (!LITERAL_MARK.test(node.value)) return undefined;
    found = true;
    return EXIT;
  });
  return found;
}
