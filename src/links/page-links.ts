// What the link check keeps of a page, and the interner that keeps one copy of each string of
// it: both without the HTML tokenizer, which only a page scanned on this thread needs.

export interface PageLinks {
  ids: string[];
  /** Every URL the page uses, once for each use, in page order (a body's share is subtracted
   * later). A plain list: kept for every page until the link check, it costs a word a link,
   * where an object keyed by URL cost a hash table a page. */
  links: string[];
}

/** Gives one copy of each string: the same URLs (a site's navigation, its tags) are on most
 * pages, and the records of every page are kept until the link check. */
export type Interner = (value: string) => string;

/** An interner for one build's records. */
export function interner(): Interner {
  const known = new Map<string, string>();
  return (value) => {
    let copy = known.get(value);
    if (copy === undefined) known.set((copy = detached(value)), copy);
    return copy;
  };
}

/** A copy of `value` that holds no reference to the page. The tokenizer's attribute values are
 * slices of the HTML it reads, and V8 keeps a slice's whole parent string alive: the ids of every
 * page are kept until the link check, so one id would otherwise keep its page's whole HTML. */
export function detached(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
