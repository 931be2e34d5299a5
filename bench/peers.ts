// Writes the benchmark corpus as a Hugo site and as an Eleventy 3 site that build the same
// outputs as masthead does: article pages at /YYYY/MM/slug/, a front page and one list per
// section, author and tag, newest first, 10 per page (/page/N/), a tag index and an author
// index with counts, and an RSS feed (20 newest, full content) for the site and every list.
// Templates are minimal but do what a real news template does (head meta, nav, byline,
// pull quote from frontmatter, cards with title, summary, author and date), so the peers do
// comparable work rather than a "hello world". Astro, the third peer, is in astro.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { AUTHORS, SECTIONS, type CorpusArticle } from './corpus.ts';

export const SITE = { title: 'Bench Times', url: 'https://bench.example.org/', description: 'A generated archive.' };
const AUTHOR_DATA = Object.fromEntries(AUTHORS.map((slug, i) => [slug, { name: `Reporter ${i + 1}`, role: 'Correspondent' }]));
const sectionTitle = (slug: string) => slug[0]!.toUpperCase() + slug.slice(1);

/** The frontmatter masthead reads (see sites.ts), so every tool parses the same fields. */
export function frontmatter(article: CorpusArticle): Record<string, unknown> {
  const { title, date, author, section, tags, summary, quote } = article;
  return { title, date, author, section, tags, summary, quotes: [quote] };
}

/** Writes `files` (path relative to `dir` → text) into a fresh `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const withFrontmatter = (data: Record<string, unknown>, body: string) => `---\n${stringify(data)}---\n${body}`;

export function hugoAvailable(): boolean {
  try {
    execFileSync('hugo', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function eleventyBin(): string | undefined {
  const bin = fileURLToPath(new URL('../node_modules/@11ty/eleventy/cmd.cjs', import.meta.url));
  return existsSync(bin) ? bin : undefined;
}

// ---- Hugo (0.111): sections are content sections (/politics/), authors and tags taxonomies.

const HUGO_BASEOF = `<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
  <meta name="description" content="{{ .Params.summary | default site.Params.description }}">
  <link rel="canonical" href="{{ .Permalink }}">
  <link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "feed.xml" | absURL }}">
  {{- if not .IsHome }}{{ with .OutputFormats.Get "rss" }}
  <link rel="alternate" type="application/rss+xml" title="{{ $.Title }}" href="{{ .Permalink }}">{{ end }}{{ end }}
  <meta property="og:title" content="{{ .Title }}">
  <meta property="og:url" content="{{ .Permalink }}">
  {{- block "head" . }}{{ end }}
</head>
<body>
  <header class="masthead">
    <p class="masthead__title"><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p>
    <nav aria-label="Sections"><ul>
      <li><a href="{{ "/" | relURL }}">Home</a></li>
      {{- range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
      <li><a href="{{ "tags/" | relURL }}">Topics</a></li>
    </ul></nav>
  </header>
  <main id="main">{{ block "main" . }}{{ end }}</main>
  <footer class="site-footer"><p>{{ site.Title }} · <a href="{{ "feed.xml" | relURL }}">RSS</a></p></footer>
</body>
</html>
`;

const HUGO_SINGLE = `{{ define "head" }}
  <meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
  {{- range .Params.tags }}<meta property="article:tag" content="{{ . }}">{{ end }}
{{ end }}
{{ define "main" }}<article class="article">
  <header>
    <p class="kicker"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
    <h1>{{ .Title }}</h1>
    <p class="dek">{{ .Params.summary }}</p>
    <p class="byline">By {{ range .Params.authors }}<a href="{{ printf "authors/%s/" (urlize .) | relURL }}">{{ (index site.Data.authors .).name }}</a>{{ end }}
      · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
  </header>
  {{- range .Params.quotes }}
  <figure class="pullquote"><blockquote><p>{{ .text }}</p></blockquote><figcaption>{{ .by }}, <span class="role">{{ .role }}</span></figcaption></figure>
  {{- end }}
  <div class="prose">{{ .Content }}</div>
  <footer><h2>Topics</h2><ul class="chips">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}" rel="tag">{{ .LinkTitle }}</a></li>{{ end }}</ul></footer>
</article>{{ end }}
`;

const HUGO_CARD = `<article class="card">
  <p class="kicker"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
  <h2 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="card__summary">{{ .Params.summary }}</p>
  <p class="card__meta">{{ range .Params.authors }}{{ (index site.Data.authors .).name }}{{ end }} · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
</article>
`;

// Home, sections and tag/author pages. The home page's .Pages are the sections, hence
// site.RegularPages; an author's page lists all their stories on one page, as masthead's does.
const HUGO_LIST = `{{ define "main" }}
{{- $all := cond .IsHome site.RegularPages .Pages }}{{ $pager := .Paginate $all (cond (eq .Type "authors") 1000000 10) }}
<header class="page-header">
  <h1>{{ if .IsHome }}Latest news{{ else }}{{ .Title }}{{ end }}</h1>
  <p>{{ len $all }} stories{{ if gt $pager.TotalPages 1 }} · Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}{{ end }}{{ with .OutputFormats.Get "rss" }} · <a href="{{ .RelPermalink }}">RSS feed</a>{{ end }}</p>
</header>
<ul class="grid">{{ range $pager.Pages }}<li>{{ partial "card.html" . }}</li>{{ end }}</ul>
<nav class="pagination" aria-label="Pagination">{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}</nav>
{{ end }}
`;

// /tags/ and /authors/: every term with its count; authors by their display name.
const HUGO_TERMS = `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="tag-index">{{ range .Data.Terms.Alphabetical }}{{ $name := .Page.LinkTitle }}{{ with index site.Data.authors .Name }}{{ $name = .name }}{{ end }}
  <li><a href="{{ .Page.RelPermalink }}">{{ $name }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}
</ul>{{ end }}
`;

// Hugo's built-in RSS template shows .Summary; this one shows the full content, as masthead does.
const HUGO_RSS = `{{- $pages := cond .IsHome site.RegularPages .Pages }}{{ $pages = first site.Config.Services.RSS.Limit $pages -}}
{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
  <link>{{ .Permalink }}</link>
  <description>{{ site.Params.description }}</description>
  <language>{{ site.LanguageCode }}</language>
  {{- with .OutputFormats.Get "rss" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
  {{- range $pages }}
  <item>
    <title>{{ .Title }}</title>
    <link>{{ .Permalink }}</link>
    <guid>{{ .Permalink }}</guid>
    <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
    {{- range .Params.tags }}<category>{{ . }}</category>{{ end }}
    <description>{{ .Content | html }}</description>
  </item>
  {{- end }}
</channel>
</rss>
`;

export function writeHugoSite(dir: string, articles: readonly CorpusArticle[]): void {
  const config = {
    baseURL: SITE.url,
    title: SITE.title,
    languageCode: 'en',
    params: { description: SITE.description },
    paginate: 10,
    rssLimit: 20,
    // Only what masthead makes: no categories, no RSS for the /tags/ index, robots.txt off (default).
    taxonomies: { tag: 'tags', author: 'authors' },
    outputs: { home: ['HTML', 'RSS'], section: ['HTML', 'RSS'], taxonomy: ['HTML'], term: ['HTML', 'RSS'] },
    outputFormats: { RSS: { baseName: 'feed' } },
    // :filename, not :slug (which falls back to the title).
    permalinks: Object.fromEntries(SECTIONS.map((s) => [s, '/:year/:month/:filename/'])),
  };
  const files: Record<string, string> = {
    'hugo.yaml': stringify(config),
    'data/authors.yaml': stringify(AUTHOR_DATA),
    'layouts/_default/baseof.html': HUGO_BASEOF,
    'layouts/_default/single.html': HUGO_SINGLE,
    'layouts/_default/list.html': HUGO_LIST,
    'layouts/_default/terms.html': HUGO_TERMS,
    'layouts/_default/rss.xml': HUGO_RSS,
    'layouts/partials/card.html': HUGO_CARD,
    'content/tags/_index.md': withFrontmatter({ title: 'All topics' }, ''),
    'content/authors/_index.md': withFrontmatter({ title: 'Our journalists' }, ''),
  };
  SECTIONS.forEach((s, i) => (files[`content/${s}/_index.md`] = withFrontmatter({ title: sectionTitle(s), weight: i + 1 }, '')));
  // Hugo reads a taxonomy from its plural key, so articles also carry `authors: [slug]`.
  for (const a of articles)
    files[`content/${a.section}/${a.slug}.md`] = withFrontmatter({ ...frontmatter(a), authors: [a.author] }, a.body);
  writeTree(dir, files);
}

// ---- Eleventy 3: Liquid templates; every paginated list and feed is precomputed in the config.

const ELEVENTY_CONFIG = `// Generated by bench/peers.ts.
const site = ${JSON.stringify({ ...SITE, sections: SECTIONS.map((slug) => ({ slug, title: sectionTitle(slug) })) })};
const authors = ${JSON.stringify(AUTHOR_DATA)};
const slug = (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const readable = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

// Every list of articles, newest first: the front page, then one per section, author and tag.
function lists(api) {
  const articles = api.getFilteredByGlob('articles/**/*.md').sort((a, b) => b.date - a.date);
  const groups = new Map([['/', { title: 'Latest news', items: articles }]]);
  const add = (url, title, article) => (groups.get(url) ?? groups.set(url, { title, items: [] }).get(url)).items.push(article);
  for (const a of articles) {
    add('/' + a.data.section + '/', site.sections.find((s) => s.slug === a.data.section).title, a);
    add('/authors/' + a.data.author + '/', authors[a.data.author].name, a);
    for (const tag of a.data.tags) add('/tags/' + slug(tag) + '/', tag, a);
  }
  return [...groups].map(([url, group]) => ({ url, ...group }));
}

export default function (config) {
  // Parse each template once, not on every include (masthead's liquidjs caches too).
  config.setLiquidOptions({ cache: true });
  config.addGlobalData('site', site);
  config.addGlobalData('authors', authors);
  config.addFilter('slug_of', slug);
  config.addFilter('iso', (date) => date.toISOString().replace(/\\.000Z$/, 'Z'));
  config.addFilter('readable', (date) => readable.format(date));
  config.addFilter('rfc822', (date) => date.toUTCString());
  config.addFilter('absolute', (url) => new URL(url, site.url).href);
  // One entry per output page (Eleventy cannot paginate a paginated collection by itself).
  // An author's page lists all their stories on one page, as masthead's does.
  config.addCollection('pages', (api) =>
    lists(api).flatMap(({ url, title, items }) => {
      const size = url.startsWith('/authors/') ? items.length : 10;
      const total = Math.max(1, Math.ceil(items.length / size));
      const path = (n) => (n === 1 ? url : url + 'page/' + n + '/');
      return Array.from({ length: total }, (_, i) => ({
        url, title, count: items.length, number: i + 1, total, path: path(i + 1),
        prev: i > 0 ? path(i) : null, next: i + 1 < total ? path(i + 2) : null, items: items.slice(i * size, (i + 1) * size),
      }));
    }),
  );
  config.addCollection('feeds', (api) => lists(api).map((list) => ({ ...list, path: list.url + 'feed.xml', items: list.items.slice(0, 20) })));
  config.addCollection('indexes', (api) => {
    const terms = (prefix) => lists(api).filter((l) => l.url.startsWith(prefix)).map((l) => ({ name: l.title, url: l.url, count: l.items.length })).sort((a, b) => a.name.localeCompare(b.name));
    return [{ path: '/tags/', title: 'All topics', terms: terms('/tags/') }, { path: '/authors/', title: 'Our journalists', terms: terms('/authors/') }];
  });
  // Article bodies are plain markdown, not Liquid (masthead does not template them either).
  return { markdownTemplateEngine: false };
}
`;

const ELEVENTY_ARTICLE_DATA = `const pad = (n) => String(n).padStart(2, '0');
export default {
  layout: 'article.liquid',
  eleventyComputed: {
    permalink: ({ page }) => '/' + page.date.getUTCFullYear() + '/' + pad(page.date.getUTCMonth() + 1) + '/' + page.fileSlug + '/',
  },
};
`;

const ELEVENTY_BASE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% if page.url == "/" %}{{ site.title }}{% else %}{{ title | escape }} | {{ site.title }}{% endif %}</title>
  <meta name="description" content="{{ summary | default: site.description | escape }}">
  <link rel="canonical" href="{{ page.url | absolute }}">
  <link rel="alternate" type="application/rss+xml" title="{{ site.title }}" href="{{ '/feed.xml' | absolute }}">
  {%- if list and list.url != "/" %}
  <link rel="alternate" type="application/rss+xml" title="{{ list.title | escape }}" href="{{ list.url | append: 'feed.xml' | absolute }}">{% endif %}
  <meta property="og:title" content="{{ title | escape }}">
  <meta property="og:url" content="{{ page.url | absolute }}">
  {%- if quotes %}
  <meta property="article:published_time" content="{{ page.date | iso }}">
  {%- for t in tags %}<meta property="article:tag" content="{{ t | escape }}">{% endfor %}{% endif %}
</head>
<body>
  <header class="masthead">
    <p class="masthead__title"><a href="/">{{ site.title }}</a></p>
    <nav aria-label="Sections"><ul>
      <li><a href="/">Home</a></li>
      {%- for s in site.sections %}<li><a href="/{{ s.slug }}/">{{ s.title }}</a></li>{% endfor %}
      <li><a href="/tags/">Topics</a></li>
    </ul></nav>
  </header>
  <main id="main">{{ content }}</main>
  <footer class="site-footer"><p>{{ site.title }} · <a href="/feed.xml">RSS</a></p></footer>
</body>
</html>
`;

const ELEVENTY_ARTICLE = withFrontmatter(
  { layout: 'base.liquid' },
  `<article class="article">
  <header>
    <p class="kicker"><a href="/{{ section }}/">{{ section | capitalize }}</a></p>
    <h1>{{ title | escape }}</h1>
    <p class="dek">{{ summary | escape }}</p>
    <p class="byline">By <a href="/authors/{{ author }}/">{{ authors[author].name }}</a>
      · <time datetime="{{ page.date | iso }}">{{ page.date | readable }}</time></p>
  </header>
  {%- for q in quotes %}
  <figure class="pullquote"><blockquote><p>{{ q.text | escape }}</p></blockquote><figcaption>{{ q.by | escape }}, <span class="role">{{ q.role | escape }}</span></figcaption></figure>
  {%- endfor %}
  <div class="prose">{{ content }}</div>
  <footer><h2>Topics</h2><ul class="chips">{% for t in tags %}<li><a href="/tags/{{ t | slug_of }}/" rel="tag">{{ t | escape }}</a></li>{% endfor %}</ul></footer>
</article>
`,
);

// \`include\`, not \`render\`: a rendered partial would not see the global data (site, authors).
const ELEVENTY_CARD = `<article class="card">
  <p class="kicker"><a href="/{{ a.data.section }}/">{{ a.data.section | capitalize }}</a></p>
  <h2 class="card__title"><a href="{{ a.url }}">{{ a.data.title | escape }}</a></h2>
  <p class="card__summary">{{ a.data.summary | escape }}</p>
  <p class="card__meta">{{ authors[a.data.author].name }} · <time datetime="{{ a.date | iso }}">{{ a.date | readable }}</time></p>
</article>
`;

/** A template that makes one output page per item of a collection (`alias` names the item). */
const paginated = (data: string, alias: string, extra: Record<string, unknown>, body: string) =>
  withFrontmatter(
    { pagination: { data, size: 1, alias }, permalink: `{{ ${alias}.path }}`, eleventyExcludeFromCollections: true, ...extra },
    body,
  );

const ELEVENTY_LIST = paginated(
  'collections.pages',
  'list',
  { layout: 'base.liquid', eleventyComputed: { title: '{{ list.title }}' } },
  `<header class="page-header">
  <h1>{{ list.title | escape }}</h1>
  <p>{{ list.count }} stories{% if list.total > 1 %} · Page {{ list.number }} of {{ list.total }}{% endif %} · <a href="{{ list.url }}feed.xml">RSS feed</a></p>
</header>
<ul class="grid">{% for a in list.items %}<li>{% include 'card.liquid' %}</li>{% endfor %}</ul>
<nav class="pagination" aria-label="Pagination">{% if list.prev %}<a rel="prev" href="{{ list.prev }}">Newer</a>{% endif %} {% if list.next %}<a rel="next" href="{{ list.next }}">Older</a>{% endif %}</nav>
`,
);

const ELEVENTY_TERMS = paginated(
  'collections.indexes',
  'index',
  { layout: 'base.liquid', eleventyComputed: { title: '{{ index.title }}' } },
  `<h1>{{ index.title }}</h1>
<ul class="tag-index">{% for t in index.terms %}
  <li><a href="{{ t.url }}">{{ t.name | escape }}</a> <span class="count">{{ t.count }}</span></li>{% endfor %}
</ul>
`,
);

const ELEVENTY_FEED = paginated(
  'collections.feeds',
  'feed',
  {},
  `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>{% if feed.url == "/" %}{{ site.title }}{% else %}{{ feed.title | escape }} | {{ site.title }}{% endif %}</title>
  <link>{{ feed.url | absolute }}</link>
  <description>{{ site.description }}</description>
  <language>en</language>
  <atom:link href="{{ feed.path | absolute }}" rel="self" type="application/rss+xml"/>
  {%- for a in feed.items %}
  <item>
    <title>{{ a.data.title | escape }}</title>
    <link>{{ a.url | absolute }}</link>
    <guid>{{ a.url | absolute }}</guid>
    <pubDate>{{ a.date | rfc822 }}</pubDate>
    {%- for t in a.data.tags %}<category>{{ t | escape }}</category>{% endfor %}
    <description>{{ a.content | escape }}</description>
  </item>
  {%- endfor %}
</channel>
</rss>
`,
);

export function writeEleventySite(dir: string, articles: readonly CorpusArticle[]): void {
  const files: Record<string, string> = {
    'package.json': '{ "type": "module", "private": true }\n', // the config and data files are ESM
    'eleventy.config.js': ELEVENTY_CONFIG,
    'articles/articles.11tydata.js': ELEVENTY_ARTICLE_DATA,
    '_includes/base.liquid': ELEVENTY_BASE,
    '_includes/article.liquid': ELEVENTY_ARTICLE,
    '_includes/card.liquid': ELEVENTY_CARD,
    'list.liquid': ELEVENTY_LIST,
    'terms.liquid': ELEVENTY_TERMS,
    'feed.liquid': ELEVENTY_FEED,
  };
  for (const a of articles) files[`articles/${a.date.slice(0, 4)}/${a.slug}.md`] = withFrontmatter(frontmatter(a), a.body);
  writeTree(dir, files);
}
