// GitHub-flavoured markdown (tables, strikethrough, task lists, footnotes, autolink literals)
// for remark, without micromark's character-by-character autolink-literal tokenizer, which
// was a third of all parsing time. Autolink literals are still found: mdast-util-gfm's
// tree transform links bare URLs, www. addresses and e-mails in text after parsing.
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';

export function remarkGfmWithoutLiteralTokenizer(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}
