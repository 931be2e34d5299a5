// What the link check needs of a rendered page: the ids it has (fragment targets) and the URLs
// of its href, src and srcset attributes. A streaming tokenizer (htmlparser2), not a DOM: the
// build reads every page it writes, and a tree of each would cost far more than the scan.
import { Parser } from 'htmlparser2';
import { srcsetUrls } from '../markdown/links.ts';
import { detached, type Interner, type PageLinks } from './page-links.ts';

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
