// rehype plugin, before sanitizing: reports each element that the sanitizer removes together
// with its content, where the editor wrote it and what to write instead. These are the elements
// whose content is not prose: code (script, style), markup shown as source (xmp, plaintext),
// content a browser never shows (template, noembed, noframes, title), form values and option
// lists (textarea, select, datalist), and drawings and formulas (svg, math), whose text makes
// sense only inside their markup. Any other element the sanitizer does not allow is unwrapped:
// its text is prose written for readers (a <noscript> or <object> fallback, a <font>), so it stays.
import type { Root } from 'hast';
import { SKIP, walk } from '../walk.ts';
import type { VFile } from 'vfile';

const AS_CODE = 'to show code or markup, put it in a fenced code block (```)';
const AS_IMAGE = 'save it under content/media and show it as an image: ![What it shows](/media/drawing.svg)';

/** Each element removed with its content -> what to write instead. */
const INSTEAD: Record<string, string> = {
  script: 'scripts never run in article bodies; to embed a player or a post, use an <iframe> from a host listed in site.yaml embeds',
  style: 'styles belong in the site stylesheet under templates/assets/, not in an article',
  template: 'browsers never show a <template>: write the text itself',
  noembed: 'browsers never show a <noembed>: write the text itself',
  noframes: 'browsers never show a <noframes>: write the text itself',
  title: "the article's title is the frontmatter title; for a heading in the body, write ## Heading",
  xmp: AS_CODE,
  plaintext: AS_CODE,
  textarea: `forms are not allowed in bodies; ${AS_CODE}`,
  select: 'forms are not allowed in bodies; write the options as a list',
  datalist: 'forms are not allowed in bodies; write the options as a list',
  svg: AS_IMAGE,
  math: 'write the formula as text, or save it as an image under content/media',
};

/** The sanitizer's `strip` list: removed with everything inside them. */
export const REMOVED_WITH_CONTENT = Object.keys(INSTEAD);

export function rehypeReportRemoved() {
  return (tree: Root, file: VFile) => {
    walk(tree, 'element', (node) => {
      const instead = INSTEAD[node.tagName];
      if (instead === undefined) return;
      file.message(`<${node.tagName}> removed with its content: ${instead}`, { place: node.position, ruleId: 'removed' });
      // What is inside goes with it: one report for the outermost element is enough.
      return SKIP;
    });
  };
}
