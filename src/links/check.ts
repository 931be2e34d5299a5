// The link check: every local link and image of the built site must lead to one of its files,
// and every "#fragment" to an element of the page it names. Body links are reported where the
// markdown has them; a page's other links come from templates and are reported at the
// template line that wrote them. External links are not fetched.
import type { Article, Page } from '../content/articles.ts';
import { didYouMean, report, START, type Diagnostics } from '../diagnostics.ts';
import type { BodyInfo } from '../markdown/bodies.ts';
import type { BodyLink } from '../markdown/links.ts';
import { outputPath, type Output } from '../render/pages.ts';
import type { Site } from '../site/model.ts';
import { isSitePath, relativeHref } from '../urls.ts';
import type { PageLinks } from './html.ts';
import type { LinkRecorder } from './record.ts';
import { outputFor, pageUrlOf, resolveHref } from './resolve.ts';
import { TemplateSources } from './templates.ts';

export interface LinkCheckInput {
  root: string;
  baseUrl: string;
  /** Every file of the built site, by output path. */
  outputs: ReadonlySet<string>;
  /** What each HTML output holds. */
  pages: ReadonlyMap<string, PageLinks>;
  /** The published articles and pages, each with its body's links (at their file lines). */
  bodies: readonly { owner: Article | Page; output: string; links: readonly BodyLink[] }[];
  /** The template each HTML output was rendered from ("article"), when it has one. */
  templates: ReadonlyMap<string, string>;
}

interface Broken {
  /** Completes "link "x" ...": what is wrong and what to do. */
  reason: string;
  rule: 'link' | 'anchor';
  /** Where it leads, to tell a body's links from the template's on the same page. */
  target: string;
  /** How a template would spell it, most precise first. */
  needles: string[];
}

/** The stage: the links of the site just built, as `recorder` saw its files, for the articles
 * and pages `site` publishes. */
export function checkSiteLinks(
  root: string,
  site: Site,
  bodies: ReadonlyMap<Article | Page, BodyInfo>,
  plan: readonly Output[],
  recorder: LinkRecorder,
  diagnostics: Diagnostics,
): Promise<void> {
  const published = [...site.articles, ...site.pages].map((owner) => ({
    owner,
    output: outputPath(owner.url),
    links: bodies.get(owner)?.links ?? [],
  }));
  const templates = new Map(plan.flatMap((output) => (output.template ? [[output.path, output.template] as const] : [])));
  // The plan's paths too: a page whose template failed is reported as that, not as a missing target.
  const outputs = new Set([...recorder.outputs, ...plan.map((output) => output.path)]);
  const input = { root, baseUrl: site.config.url, outputs, pages: recorder.pages, bodies: published, templates };
  return checkLinks(input, diagnostics);
}

export async function checkLinks(input: LinkCheckInput, diagnostics: Diagnostics): Promise<void> {
  const fromBodies = new Map<string, Map<string, number>>();
  for (const { owner, output, links } of input.bodies) {
    const counts = new Map<string, number>();
    fromBodies.set(output, counts);
    for (const link of links) {
      const broken = checkBodyLink(link, owner, input);
      if (!broken) continue;
      report(owner.file, 'error', broken.reason, { line: link.line, column: link.column }, broken.rule);
      counts.set(broken.target, (counts.get(broken.target) ?? 0) + 1);
    }
  }
  await checkTemplateLinks(input, fromBodies, diagnostics);
}

function checkBodyLink(link: BodyLink, owner: Article | Page, input: LinkCheckInput): Broken | undefined {
  const image = link.tag === 'img' || link.attribute === 'srcset';
  // Site paths in a body start at the site's root, which need not be the host's.
  const broken = diagnose(isSitePath(link.url) ? relativeHref(owner.url, link.url) : link.url, owner.url, input, image);
  if (!broken) return undefined;
  const relative = !isSitePath(link.url) && !/^[#?]/.test(link.url) && !link.url.startsWith(input.baseUrl);
  const from = relative && broken.rule === 'link' ? ` (relative to this page, ${owner.url})` : '';
  const noun = image ? 'image' : link.attribute === 'src' ? 'file' : 'link';
  return { ...broken, reason: `${noun} "${link.url}"${from} ${broken.reason}` };
}

/** What is wrong with `href` on the page at `pageUrl`; undefined when nothing is. */
function diagnose(href: string, pageUrl: string, input: LinkCheckInput, image = false): Broken | undefined {
  const resolved = resolveHref(href, pageUrl, input.baseUrl);
  if (resolved.kind === 'external') return undefined;
  if (resolved.kind === 'malformed') {
    return { reason: 'is not a valid address: a "%" must start an escape such as %20', rule: 'link', target: href, needles: [href] };
  }
  const { path, fragment } = resolved;
  const target = fragment === null ? path : `${path}#${fragment}`;
  const output = outputFor(path, input.outputs);
  if (!output) {
    const reason = `leads nowhere: the site has no page or file at ${path}${hintFor(path, input, image)}`;
    return { reason, rule: 'link', target, needles: [target, path] };
  }
  // "#" and "#top" go to the top of any page.
  if (fragment === null || fragment === '' || fragment.toLowerCase() === 'top') return undefined;
  const page = input.pages.get(output);
  if (!page || page.ids.includes(fragment)) return undefined;
  const reason = `leads nowhere: ${pageUrlOf(output)} has no element with id "${fragment}"${didYouMean(fragment, page.ids)}`;
  return { reason, rule: 'anchor', target, needles: [`#${fragment}`] };
}

/** Hints already worked out, per check: a layout's broken link breaks on every page, and a
 * "did you mean" over every page's URL once per page would make the check quadratic. */
const hints = new WeakMap<LinkCheckInput, { pages: string[]; byPath: Map<string, string> }>();

function hintFor(path: string, input: LinkCheckInput, image: boolean): string {
  if (path.startsWith('/media/')) return `; put the file at content${path}`;
  if (path.startsWith('/assets/'))
    return '; files in templates/assets/ are published under assets/, stylesheets with a hash in their name (link them as assets.css)';
  if (image) return `; put the file in content/media/ and write "/media/${path.slice(path.lastIndexOf('/') + 1)}"`;
  let known = hints.get(input);
  if (!known) hints.set(input, (known = { pages: [...input.pages.keys()].map(pageUrlOf), byPath: new Map() }));
  let hint = known.byPath.get(path);
  if (hint === undefined) known.byPath.set(path, (hint = didYouMean(path, known.pages)));
  return hint;
}

/** Every HTML output's links less its body's, grouped by template line so a broken link in the
 * layout is one message, not one per page. */
async function checkTemplateLinks(
  input: LinkCheckInput,
  fromBodies: ReadonlyMap<string, ReadonlyMap<string, number>>,
  diagnostics: Diagnostics,
) {
  const sources = new TemplateSources(input.root);
  const found = new Map<string, { path: string; line: number; column: number; reason: string; rule: string; pages: string[] }>();
  for (const [output, page] of [...input.pages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pageUrl = pageUrlOf(output);
    const body = fromBodies.get(output);
    for (const [href, count] of Object.entries(page.links)) {
      const broken = diagnose(href, pageUrl, input);
      if (!broken || count <= (body?.get(broken.target) ?? 0)) continue;
      const place = await sources.locate(broken.needles);
      const template = input.templates.get(output);
      const path = place?.path ?? (template ? `templates/${template}.liquid` : output);
      const unknown = place ? '' : ' (the link is made from data, so its line in the template is not known)';
      const reason = `link "${href}" ${broken.reason}${unknown}`;
      // One message per template place and link as the template writes it, whatever the page.
      const key = `${path}:${place?.line}:${place?.column}:${place?.found ?? broken.target}`;
      const known = found.get(key);
      if (known) known.pages.push(pageUrl);
      else found.set(key, { path, ...(place ?? START), reason, rule: broken.rule, pages: [pageUrl] });
    }
  }
  for (const problem of found.values()) {
    const others = problem.pages.length - 1;
    const where = others === 0 ? problem.pages[0] : `${problem.pages[0]} and ${others} other page${others === 1 ? '' : 's'}`;
    report(diagnostics.file(problem.path), 'error', `on ${where}, ${problem.reason}`, problem, problem.rule);
  }
}
