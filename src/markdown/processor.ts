// The markdown pipeline: one frozen unified processor per site (its options come from
// site.yaml), and renderMarkdown, a pure function from a body to HTML that the build calls
// in-process or in worker threads.
import type { Root } from 'hast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import { walk } from './walk.ts';
import { VFile } from 'vfile';
import { withoutControlCharacters } from '../content/schema.ts';
import { absoluteUrl, isSitePath, relativeHref } from '../urls.ts';
import { collectBodyLinks, type BodyLink } from './links.ts';
import { remarkBlockDirectives, remarkMastheadDirectives } from './plugins/directives.ts';
import { rehypeEmbeds } from './plugins/embeds.ts';
import { rehypeFigures } from './plugins/figures.ts';
import { CLOBBER_PREFIX, rehypeFragmentLinks } from './plugins/fragments.ts';
import { rehypeImages, type BodyImage } from './plugins/images.ts';
import { remarkGfmWithoutLiteralTokenizer } from './plugins/gfm.ts';
import { PULLQUOTE_TAG, rehypePullquotes } from './plugins/pullquotes.ts';
import { rehypeRawWhenPresent } from './plugins/raw.ts';
import { REMOVED_WITH_CONTENT, rehypeReportRemoved } from './plugins/removed.ts';
import { rehypeLowercaseSchemes } from './plugins/schemes.ts';
import { remarkReportShortcodes } from './plugins/shortcodes.ts';
import { rehypeStringifyEscaped } from './plugins/stringify.ts';

declare module 'vfile' {
  interface DataMap {
    /** How many pull quotes the article's frontmatter has. */
    quoteCount: number;
  }
}

export interface MarkdownOptions {
  /** iframe hosts allowed in bodies (site.yaml `embeds`). */
  embeds: readonly string[];
  /** The site's absolute URL, for feed copies of the body. */
  baseUrl: string;
}

export interface MarkdownInput {
  markdown: string;
  /** The article's own URL path: links in the page copy are made relative to it. */
  url: string;
  quoteCount: number;
}

export interface MarkdownMessage {
  reason: string;
  line: number;
  column: number;
  fatal: boolean;
  rule: string;
}

export interface MarkdownOutput {
  /** For the article page: site links relative to the article's URL. */
  html: string;
  /** For feeds: site links absolute. */
  feedHtml: string;
  wordCount: number;
  messages: MarkdownMessage[];
  /** Local links and images, for the link check. */
  links: BodyLink[];
  /** The body's images of content/media, in order, with their positions in the body. */
  images: BodyImage[];
}

/** What body HTML may keep: GitHub's safe defaults plus figures, embeds and a few inline tags.
 * Elements whose content is not prose go with their content; other disallowed ones are unwrapped.
 * Every id and name gets the clobber prefix here, and only here (see plugins/fragments.ts). */
const schema: SanitizeSchema = {
  ...defaultSchema,
  strip: REMOVED_WITH_CONTENT,
  clobberPrefix: CLOBBER_PREFIX,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'abbr',
    'cite',
    'figure',
    'figcaption',
    'iframe',
    'mark',
    'small',
    'time',
    'u',
    PULLQUOTE_TAG,
  ],
  attributes: {
    ...defaultSchema.attributes,
    iframe: ['src', 'title', 'allow', 'allowFullScreen', 'width', 'height'],
    time: ['dateTime'],
    [PULLQUOTE_TAG]: ['dataN'],
  },
};

/** Raw HTML is kept for rehype-raw and the sanitizer. Footnote ids get no prefix here: the
 * sanitizer prefixes every id, footnotes' included (two prefixes made every footnote link miss). */
const TO_HAST = { allowDangerousHtml: true, clobberPrefix: '' };

type BodyProcessor = Processor<Root, Root, Root, Root, string>;

export function createProcessor(options: MarkdownOptions): BodyProcessor {
  return unified()
    .use(remarkParse)
    .use(remarkBlockDirectives)
    .use(remarkGfmWithoutLiteralTokenizer)
    .use(remarkMastheadDirectives)
    .use(remarkReportShortcodes)
    .use(remarkRehype, TO_HAST)
    .use(rehypeRawWhenPresent)
    .use(rehypeReportRemoved)
    .use(rehypeLowercaseSchemes)
    .use(rehypeSanitize, schema)
    .use(rehypeEmbeds, { hosts: options.embeds })
    .use(rehypeFigures)
    .use(rehypeImages)
    .use(rehypePullquotes)
    .use(rehypeSlug)
    .use(rehypeFragmentLinks)
    .use(rehypeStringifyEscaped)
    .freeze() as unknown as BodyProcessor;
}

export function renderMarkdown(processor: BodyProcessor, options: MarkdownOptions, input: MarkdownInput): MarkdownOutput {
  const file = new VFile({ value: withoutControlCharacters(input.markdown), data: { quoteCount: input.quoteCount } });
  const tree = processor.runSync(processor.parse(file), file);
  const wordCount = countWords(tree);
  const links = collectBodyLinks(tree, options.baseUrl);
  rewriteSiteLinks(tree, (path) => absoluteUrl(options.baseUrl, path));
  const feedHtml = processor.stringify(tree, file);
  rewriteSiteLinks(tree, (absolute) => relativeHref(input.url, '/' + absolute.slice(options.baseUrl.length)), options.baseUrl);
  const html = processor.stringify(tree, file);
  const messages = file.messages.map((m) => ({
    reason: m.reason,
    line: m.line ?? 1,
    column: m.column ?? 1,
    fatal: m.fatal === true,
    rule: m.ruleId ?? 'markdown',
  }));
  return { html, feedHtml, wordCount, messages, links, images: file.data.images ?? [] };
}

const LINK_ATTRIBUTES = ['href', 'src', 'cite'] as const;

/** Rewrites every link attribute that `matches` (site paths by default) with `rewrite`, and
 * each candidate URL of a `srcset` (`<source srcset="/media/a.png 2x">` in raw HTML). */
function rewriteSiteLinks(tree: Root, rewrite: (url: string) => string, prefix?: string): void {
  const matches = (url: string) => (prefix ? url.startsWith(prefix) : isSitePath(url));
  walk(tree, 'element', (node) => {
    for (const attribute of LINK_ATTRIBUTES) {
      const value = node.properties[attribute];
      if (typeof value === 'string' && matches(value)) node.properties[attribute] = rewrite(value);
    }
    const srcset = node.properties.srcSet;
    if (srcset === undefined || srcset === null || typeof srcset === 'boolean') return;
    // hast keeps a srcset as its comma-separated candidates: "url descriptor".
    const candidates = Array.isArray(srcset) ? srcset.map(String) : String(srcset).split(',');
    node.properties.srcSet = candidates
      .map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [matches(url) ? rewrite(url) : url, ...descriptor].join(' ');
      })
      .join(', ');
  });
}

function countWords(tree: Root): number {
  let words = 0;
  walk(tree, 'text', (node) => {
    words += node.value.split(/\s+/).filter(Boolean).length;
  });
  return words;
}
