// What the link check needs of a rendered page: the ids it has (fragment targets) and the URLs
// of its href, src and srcset attributes. A streaming tokenizer (htmlparser2), not a DOM: the
// build reads every page it writes, and a tree of each would cost far more than the scan.
import { Parser } from 'htmlparser2';
import { srcsetUrls } from '../markdown/links.ts';

export interface PageLinks {
  ids: string[];
  /** Each URL once, with how many times the page uses it (a body's share is subtracted later). */
  links: Record<string, number>;
}

export function scanPage(html: string): PageLinks {
  const ids: string[] = [];
  const links: Record<string, number> = Object.create(null) as Record<string, number>;
  const add = (url: string) => {
    links[url] = (links[url] ?? 0) + 1;
  };
  let tag = '';
  // Attribute by attribute: asking for whole tags (onopentag) makes an object for each.
  const parser = new Parser(
    {
      onopentagname(name) {
        tag = name;
      },
      onattribute(name, value) {
        if (name === 'id') ids.push(detached(value));
        // A fragment also finds <a name>, as browsers still honour it.
        else if (name === 'name' && tag === 'a') ids.push(detached(value));
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
