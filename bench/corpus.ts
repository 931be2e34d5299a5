// Generates a realistic news archive for benchmarks: articles of about 1,200 words (7-8 KB of
// markdown, as long as many news features) with an opening paragraph and six sub-headed parts,
// lists, now and then a table or a quote, links, 2-5 tags out of ~200, one pull quote, an
// author out of a dozen, five sections. Seeded, so every run writes the same corpus.

export interface CorpusArticle {
  slug: string;
  title: string;
  /** ISO date-time with offset. */
  date: string;
  author: string;
  section: string;
  tags: string[];
  summary: string;
  quote: { text: string; by: string; role: string };
  /** Markdown body (no frontmatter). */
  body: string;
}

export const SECTIONS = ['politics', 'economy', 'society', 'world', 'culture'];
export const AUTHORS = Array.from({ length: 12 }, (_, i) => `author-${String(i + 1).padStart(2, '0')}`);

const WORDS = `government minister parliament election border trade agreement region capital talks treaty
economy market prices energy gas pipeline exports imports currency inflation budget reform court
opposition coalition protest village city mountain river road railway harbour school hospital
teachers doctors farmers workers students families residents officials analysts reporters
week month year morning evening spring summer autumn winter meeting statement report survey
growth decline increase shortage supply demand investment project plan proposal vote debate
security peace negotiations ceasefire corridor province district council mayor governor`.split(/\s+/);

/** The short words that make up much of real prose, so words and bytes keep English's ratio. */
const FUNCTION_WORDS = `the of and to in a on for with said that by at from as was is its after new has
but not over their more than were would will also who about into last two three before there`.split(/\s+/);

/** Roughly that share of the words in English prose are function words. */
const FUNCTION_SHARE = 0.45;

/** A small deterministic PRNG (mulberry32), so the corpus is identical on every run (and
 * scripts/make-photos.ts draws the same pictures). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sub-headed parts of each article, after its opening paragraph. */
const PARTS = 6;

export function generateCorpus(size: number, seed = 42): CorpusArticle[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const prose = (n: number) => Array.from({ length: n }, () => pick(next() < FUNCTION_SHARE ? FUNCTION_WORDS : WORDS)).join(' ');
  const sentence = () => capitalize(prose(10 + Math.floor(next() * 14))) + '.';
  const paragraph = () => Array.from({ length: 3 + Math.floor(next() * 4) }, sentence).join(' ');
  const list = () =>
    Array.from({ length: 3 + Math.floor(next() * 3) }, () => `- ${capitalize(prose(6 + Math.floor(next() * 6)))}`).join('\n');
  const tagPool = Array.from({ length: 200 }, (_, i) => `${pick(WORDS)} ${i + 1}`);
  const start = Date.UTC(2019, 0, 1);
  const articles: CorpusArticle[] = [];
  for (let i = 0; i < size; i++) {
    const when = new Date(start + Math.floor((i * 6 * 365 * 86400000) / Math.max(1, size)) + Math.floor(next() * 3600000));
    const parts: string[] = [paragraph()];
    for (let s = 0; s < PARTS; s++) {
      parts.push(`## ${capitalize(words(4))}`, paragraph(), paragraph());
      if (next() < 0.5) parts.push(list());
      if (s === 1) parts.push(`${paragraph()} See [the earlier report](https://example.org/${i}/) and [our archive](/tags/).`);
      if (s === 3 && next() < 0.2)
        parts.push('| Year | Value | Change |\n| --- | ---: | ---: |\n| 2021 | 104 | +2% |\n| 2022 | 118 | +13% |');
      if (s === 4 && next() < 0.2) parts.push(`> ${sentence()} ${sentence()}`);
    }
    const tagCount = 2 + Math.floor(next() * 4);
    const tags = [...new Set(Array.from({ length: tagCount }, () => pick(tagPool)))];
    articles.push({
      slug: `story-${String(i + 1).padStart(6, '0')}`,
      title: capitalize(words(7)),
      date: when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: pick(AUTHORS),
      section: pick(SECTIONS),
      tags,
      summary: sentence(),
      quote: { text: sentence(), by: `Speaker ${Math.floor(next() * 90) + 10}`, role: capitalize(pick(WORDS)) },
      body: parts.join('\n\n') + '\n',
    });
  }
  return articles;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
