// What the link check needs of a rendered page: the ids it has (fragment targets) and the URLs
// of its href, src and srcset attributes. A streaming tokenizer (htmlparser2), not a DOM: the
// build reads every page it writes, and a tree of each would cost far more than the scan.
import { Parser } from 'htmlparser2';
import { srcsetUrls } from '../markdown/links.ts';

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

export function scanPage(html: string, intern: Interner = detached): PageLinks {
  const ids: string[] = [];
  const links: string[] = [];
  const add = (url: string) => {
    links.push(intern(url));
  };
  let tag = '';
  // Attribute by attribute: asking for whole tags (onopentag) makes an object for each.
  const parser = new Parser(
    {
      onopentagname(name) {
        tag = name;
      },
      onattribute(name, value) {
        if (name === 'id') ids.push(intern(value));
        // A fragment also finds <a name>, as browsers still honour it.
        else if (name === 'name' && tag === 'a') ids.push(intern(value));
        else if (name === 'href' || name === 'src') add(value);
        else if (name === 'srcset') srcsetUrls(value).forEach(add);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { ids, links };
}

/** A copy of `value` that holds no reference to the page. The tokenizer's attribute values are
 * slices of the HTML it reads, and V8 keeps a slice's whole parent string alive: the ids of every
 * page are kept until the link check, so one id would otherwise keep its page's whole HTML. */
function detached(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
