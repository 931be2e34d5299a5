// unified compiler for body HTML: the HTML standard's own serialisation (parse5), which writes
// "<" and ">" inside attribute values as character references (a 2025 change to the standard
// that browsers follow). rehype-stringify leaves them raw and has no option to escape them, so
// a sanitized `title="</noscript><img src=x onerror=...>"` would stay one re-parse away from
// markup: the mutation-XSS shape, for any feed reader or script that parses the body again.
import type { Root } from 'hast';
import { toParse5 } from 'hast-util-to-parse5';
import { serialize, type DefaultTreeAdapterMap } from 'parse5';
import type { Plugin } from 'unified';

export const rehypeStringifyEscaped: Plugin<[], Root, string> = function () {
  this.compiler = (tree) => {
    const fragment = toParse5(tree as Root) as DefaultTreeAdapterMap['parentNode'];
    // With scripting off, <noscript> text is escaped like any other text, never written raw.
    return serialize(fragment, { scriptingEnabled: false });
  };
};
