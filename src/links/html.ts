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
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const { id, name, href, src, srcset } = attributes;
        if (id !== undefined) ids.push(id);
        // A fragment also finds <a name>, as browsers still honour it.
        if (tag === 'a' && name !== undefined) ids.push(name);
        if (href !== undefined) add(href);
        if (src !== undefined) add(src);
        if (srcset !== undefined) srcsetUrls(srcset).forEach(add);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { ids, links };
}
