// rehype plugin, before sanitizing: writes every link's scheme in lower case. Schemes are
// case-insensitive (RFC 3986, and every browser follows a link to HTTPS://…), but the
// sanitizer compares them with its allowed list as written, so `HTTPS://example.org`, typed or
// pasted by an editor, came out as an <a> with no href: text styled as a link that goes nowhere.
// Lower case is also how the URL standard writes a scheme. Schemes the sanitizer does not
// allow (javascript:, data:) are still removed, whatever their case.
import type { Root } from 'hast';
import { walk } from '../walk.ts';

/** The properties that hold a URL the sanitizer checks the scheme of. */
const URL_PROPERTIES = ['href', 'src', 'cite', 'longDesc'] as const;

/** A scheme with an upper-case letter, and its colon: "HTTPS:", "Mailto:". */
const SCHEME_WITH_CAPITALS = /^(?=[a-z\d+.-]*[A-Z])[a-zA-Z][a-zA-Z\d+.-]*:/;

export function rehypeLowercaseSchemes() {
  return (tree: Root) => {
    walk(tree, 'element', (node) => {
      for (const name of URL_PROPERTIES) {
        const value = node.properties[name];
        if (typeof value !== 'string') continue;
        const scheme = SCHEME_WITH_CAPITALS.exec(value.trimStart());
        if (scheme) node.properties[name] = scheme[0].toLowerCase() + value.trimStart().slice(scheme[0].length);
      }
    });
  };
}
