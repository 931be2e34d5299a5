// In-page links land: on every HTML page of the sample site and of every valid fixture site,
// each link to "#x" and each aria reference names an id that is on that page. Footnotes (the
// sample site and the in-page-links fixture have them) are the case that broke: the notes' ids
// were prefixed twice, once by remark-rehype and once by the sanitizer, so no footnote link or
// back-link went anywhere.
import { readdirSync } from 'node:fs';
import { rmSync } from 'node:fs';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInMemory, copyFixture, FIXTURES, REPO, type MemoryBuild } from './helpers.ts';
import { elementsOf } from './markup.ts';

/** Attributes that name other elements of the page by id. */
const ID_REFERENCES = ['ariaDescribedBy', 'ariaLabelledBy', 'ariaControls', 'htmlFor'];

/** What a fragment can land on, as a browser looks for it: an id, or the name of an <a>. */
function idsOf(tree: Root): Set<string> {
  return new Set(
    elementsOf(tree).flatMap((e) => [
      ...(typeof e.properties.id === 'string' ? [e.properties.id] : []),
      ...(e.tagName === 'a' && typeof e.properties.name === 'string' ? [e.properties.name] : []),
    ]),
  );
}

/** Every in-page link and id reference on every HTML page that names no id on its page. */
function danglingReferences(build: MemoryBuild): { checked: number; dangling: string[] } {
  let checked = 0;
  const dangling: string[] = [];
  for (const path of [...build.writer.files.keys()].filter((p) => p.endsWith('.html'))) {
    const tree = fromHtml(build.writer.text(path));
    const ids = idsOf(tree);
    for (const element of elementsOf(tree)) {
      const href = element.properties.href;
      if (typeof href === 'string' && href.startsWith('#')) {
        checked++;
        // A browser looks up the percent-decoded fragment.
        if (!ids.has(decodeURIComponent(href.slice(1)))) dangling.push(`${path}: <${element.tagName} href="${href}">`);
      }
      for (const name of ID_REFERENCES) {
        const value = element.properties[name];
        const refs = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
        for (const ref of refs) {
          checked++;
          if (!ids.has(ref)) dangling.push(`${path}: <${element.tagName} ${name}="${ref}">`);
        }
      }
    }
  }
  return { checked, dangling };
}

const validFixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('invalid'))
  .map((entry) => entry.name);

describe('every in-page link lands on its target', () => {
  it('on every page of the sample site (whose footnotes are among them)', async () => {
    const build = await buildInMemory(REPO);
    const { checked, dangling } = danglingReferences(build);
    expect(dangling).toEqual([]);
    const footnoted = fromHtml(build.writer.text('2023/06/armenia-media-landscape/index.html'));
    expect(selectAll('a[data-footnote-ref]', footnoted), 'the sample site has a footnote').toHaveLength(1);
    expect(checked).toBeGreaterThan(20);
  });

  it.each(validFixtures)('on every page of the fixture site %s', async (name) => {
    const root = copyFixture(name);
    try {
      const { checked, dangling } = danglingReferences(await buildInMemory(root, { drafts: true }));
      expect(dangling).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('footnotes and in-page links in a body (fixture in-page-links)', () => {
  let root: string;
  let body: Element;

  beforeAll(async () => {
    root = copyFixture('in-page-links');
    const { writer } = await buildInMemory(root);
    body = select('.article__body', fromHtml(writer.text('2023/06/notes/index.html')))!;
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const target = (href: string) => select(`[id="${decodeURIComponent(href.slice(1))}"]`, body);

  it('links each reference to its note, and each note back to every reference to it', () => {
    const references = selectAll('a[data-footnote-ref]', body);
    expect(references.map((a) => toString(a))).toEqual(['1', '2', '1', '3']);
    for (const reference of references) {
      const note = target(String(reference.properties.href));
      expect(note?.tagName, String(reference.properties.href)).toBe('li');
      const backs = selectAll('a[data-footnote-backref]', note!).map((a) => String(a.properties.href));
      expect(backs, `note ${String(note!.properties.id)}`).toContain(`#${String(reference.properties.id)}`);
    }
    expect(toString(target(String(references[0]!.properties.href))!)).toContain("finance ministry's report");
  });

  it('describes each reference by the notes heading', () => {
    const references = selectAll('a[data-footnote-ref]', body);
    expect(references).toHaveLength(4);
    for (const reference of references) {
      const label = select(`[id="${String(reference.properties.ariaDescribedBy)}"]`, body);
      expect(label && toString(label)).toBe('Footnotes');
    }
  });

  it('keeps heading links as written, and points links to ids written in HTML at the prefixed id', () => {
    const hrefs = selectAll('p a[href]:not([data-footnote-ref]):not([data-footnote-backref])', body).map((a) => String(a.properties.href));
    expect(hrefs).toEqual(['#our-method', '#caf%C3%A9-survey', '#user-content-raw-anchor', '#user-content-old-anchor', '#our-method']);
    expect(target('#caf%C3%A9-survey')?.tagName).toBe('h2');
    // The id the editor wrote is still prefixed: no id in a body can shadow a global of the page.
    expect(select('table', body)?.properties.id).toBe('user-content-raw-anchor');
    expect(select('a[name]', body)?.properties.name).toBe('user-content-old-anchor');
  });
});
