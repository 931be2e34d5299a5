// The link check: every local link and image of the built site must lead to one of its files,
// and every "#fragment" to an element of the page it names. Body links are reported where the
// markdown has them; a page's other links come from templates and are reported at the
// template line that wrote them. External links are not fetched.
import type { Article, Page } from '../content/articles.ts';
import { didYouMean, report, START, type Diagnostics } from '../diagnostics.ts';
import type { BodyInfo } from '../markdown/bodies.ts';
import type { BodyLink } from '../markdown/links.ts';
import type { Output } from '../render/pages.ts';
import { outputFor, outputPath, pageUrlOf } from '../site/routes.ts';
import type { Site } from '../site/model.ts';
import { isSitePath, relativeHref } from '../urls.ts';
import type { PageLinks } from './page-links.ts';
import type { LinkRecorder } from './record.ts';
import { resolveHref } from './resolve.ts';
import { TemplateSources } from './templates.ts';

export interface LinkCheckInput {
  root: string;
  baseUrl: string;
  /** Every file of the built site, by output path. */
  outputs: ReadonlySet<string>;
  /** The ids of an HTML output, for its fragments. */
  ids: (output: string) => readonly string[] | undefined;
  /** The URL of every HTML output, for "did you mean". */
  pageUrls: () => string[];
}

/** The pages of the last check, for checking only what changed. A build that finds a broken
 * link fails, so every page of a state found nothing wrong. */
export interface LinkCheckState {
  siteKey: string;
  /** Each page's inputs and ids, by output path. */
  pages: ReadonlyMap<string, { inputs: string; ids: readonly string[] }>;
}

/** What was found wrong on one page. */
export interface LinkFindings {
  /** Broken links of its body, at their places in the body's source file. */
  body: { line: number; column: number; reason: string; rule: string }[];
  /** Broken links the template wrote (beyond the body's share of the same target). */
  template: { href: string; reason: string; rule: string; target: string; needles: string[] }[];
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

/** The stage: checks the links of the site just built, as `recorder` saw its files, for the
 * articles and pages `site` publishes, and returns the state the next build starts from.
 * With the last check's state for the same site (`siteKey`: the same files at the same
 * addresses), only the pages whose inputs changed are checked again, as long as none of them
 * lost or gained an id another page could link to; else every page is. */
export async function checkSiteLinks(
  root: string,
  site: Site,
  bodies: ReadonlyMap<Article | Page, BodyInfo>,
  plan: readonly Output[],
  recorder: LinkRecorder,
  diagnostics: Diagnostics,
  state: { siteKey: string; previous: LinkCheckState | undefined },
): Promise<LinkCheckState> {
  const owners = new Map([...site.articles, ...site.pages].map((owner) => [outputPath(owner.url), owner]));
  const templates = new Map(plan.flatMap((output) => (output.template ? [[output.path, output.template] as const] : [])));
  // The plan's paths too: a page whose template failed is reported as that, not as a missing target.
  const outputs = new Set([...recorder.outputs, ...plan.map((output) => output.path)]);
  const pagePaths = [...recorder.outputs].filter(isHtml).sort();
  const previous = state.previous?.siteKey === state.siteKey ? state.previous.pages : undefined;
  const reusable = (path: string) => {
    const last = previous?.get(path);
    return last !== undefined && last.inputs === recorder.inputsOf(path) ? last : undefined;
  };
  const changed = pagePaths.filter((path) => !reusable(path));
  const links = new Map<string, PageLinks>();
  for (const path of changed) links.set(path, (await recorder.page(path)) ?? { ids: [], links: [] });
  // A page that lost or gained an id may break or mend a link on any page: check them all.
  const sameIds = previous !== undefined && changed.every((path) => sameList(previous.get(path)?.ids, links.get(path)!.ids));
  const toCheck = sameIds ? changed : pagePaths;
  for (const path of toCheck) if (!links.has(path)) links.set(path, (await recorder.page(path)) ?? { ids: [], links: [] });

  const input: LinkCheckInput = {
    root,
    baseUrl: site.config.url,
    outputs,
    ids: (output) => links.get(output)?.ids ?? previous?.get(output)?.ids,
    pageUrls: () => pagePaths.map(pageUrlOf),
  };
  const pages = new Map<string, { inputs: string; ids: readonly string[] }>();
  const found: { path: string; findings: LinkFindings }[] = [];
  for (const path of pagePaths) {
    const page = links.get(path);
    pages.set(path, { inputs: recorder.inputsOf(path) ?? '', ids: page?.ids ?? previous!.get(path)!.ids });
    if (page) found.push({ path, findings: pageFindings(path, page, owners.get(path), bodies, input) });
  }
  // A published body whose page failed to render still has its links checked.
  for (const [path, owner] of owners) {
    if (!pages.has(path)) found.push({ path, findings: pageFindings(path, { ids: [], links: [] }, owner, bodies, input) });
  }
  await reportFindings(root, found, owners, templates, diagnostics);
  // Nothing checked again: the last state stands as it was.
  if (previous && changed.length === 0 && pages.size === previous.size) return state.previous!;
  return { siteKey: state.siteKey, pages };
}

/** The problems of one page: its body's broken links, then the template's. */
function pageFindings(
  path: string,
  page: PageLinks,
  owner: Article | Page | undefined,
  bodies: ReadonlyMap<Article | Page, BodyInfo>,
  input: LinkCheckInput,
): LinkFindings {
  const findings: LinkFindings = { body: [], template: [] };
  const fromBody = new Map<string, number>();
  for (const link of (owner && bodies.get(owner)?.links) ?? []) {
    const broken = checkBodyLink(link, owner!, input);
    if (!broken) continue;
    findings.body.push({ line: link.line, column: link.column, reason: broken.reason, rule: broken.rule });
    fromBody.set(broken.target, (fromBody.get(broken.target) ?? 0) + 1);
  }
  const pageUrl = pageUrlOf(path);
  for (const [href, count] of useCounts(page.links)) {
    const broken = diagnose(href, pageUrl, input);
    if (!broken || count <= (fromBody.get(broken.target) ?? 0)) continue;
    findings.template.push({ href, reason: broken.reason, rule: broken.rule, target: broken.target, needles: broken.needles });
  }
  return findings;
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
  const ids = input.ids(output);
  if (!ids || ids.includes(fragment)) return undefined;
  const reason = `leads nowhere: ${pageUrlOf(output)} has no element with id "${fragment}"${didYouMean(fragment, ids)}`;
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
  if (!known) hints.set(input, (known = { pages: input.pageUrls(), byPath: new Map() }));
  let hint = known.byPath.get(path);
  if (hint === undefined) known.byPath.set(path, (hint = didYouMean(path, known.pages)));
  return hint;
}

/** Reports every page's findings: a body's on its source file, a template's grouped by the
 * template line that wrote them, so a broken link in the layout is one message, not one per page. */
async function reportFindings(
  root: string,
  pages: readonly { path: string; findings: LinkFindings }[],
  owners: ReadonlyMap<string, Article | Page>,
  templates: ReadonlyMap<string, string>,
  diagnostics: Diagnostics,
) {
  const sources = new TemplateSources(root);
  const found = new Map<string, { path: string; line: number; column: number; reason: string; rule: string; pages: string[] }>();
  for (const { path: output, findings } of pages) {
    const owner = owners.get(output);
    for (const broken of findings.body) report(owner!.file, 'error', broken.reason, broken, broken.rule);
    const pageUrl = pageUrlOf(output);
    for (const broken of findings.template) {
      const place = await sources.locate(broken.needles);
      const template = templates.get(output);
      const path = place?.path ?? (template ? `templates/${template}.liquid` : output);
      const unknown = place ? '' : ' (the link is made from data, so its line in the template is not known)';
      const reason = `link "${broken.href}" ${broken.reason}${unknown}`;
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

function isHtml(path: string): boolean {
  return path.endsWith('.html');
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Each URL once, in the order of its first use, with how many times the page uses it. */
function useCounts(links: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const href of links) counts.set(href, (counts.get(href) ?? 0) + 1);
  return counts;
}
