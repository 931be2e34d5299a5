// The site.yaml settings of the two blocks that talk back to the reader: the newsletter sign-up
// (`newsletter`) and comments (`comments`; an article's own `comments` field is in schema.ts).
// Both are off unless a site sets them.
import { z } from 'zod';
import { withoutControlCharacters } from './schema.ts';

const text = z.string().transform(withoutControlCharacters).pipe(z.string().trim().min(1));

/** A form field name as providers spell them: `email`, `EMAIL`, `b_1a2b_3c4d`, `metadata__source`. */
const fieldName = z.string().regex(/^[A-Za-z0-9_.:[\]-]+$/, 'a form field name uses letters, digits and _ . : [ ] - only, like EMAIL');

const httpsAddress = (field: string) =>
  z.url({ protocol: /^https$/, error: `"${field}" must be an https address, like https://buttondown.com/api/emails/embed-subscribe/NAME` });

export const newsletterSchema = z
  .object({
    /** Where the form posts: the provider's sign-up endpoint. */
    action: httpsAddress('newsletter.action').optional(),
    /** Instead of a form, a link to the provider's own sign-up page (for providers that take no plain form). */
    url: httpsAddress('newsletter.url').optional(),
    /** The name the provider expects for the email field. */
    email: fieldName.default('email'),
    /** The trap field: hidden from people, filled by bots; the provider should drop sign-ups that fill it. */
    honeypot: fieldName.default('website'),
    /** Fixed fields the provider needs, sent as hidden inputs (name -> value). */
    hidden: z.record(fieldName, z.union([z.string(), z.number()]).transform(String)).default({}),
    title: text.optional(),
    text: text.default('New stories by email as they are published, and the whole archive a click away. Free.'),
    label: text.default('Your email address'),
    button: text.default('Subscribe'),
    consent: text.default('We use your address only to send this newsletter. Every email has a link to unsubscribe.'),
    /** A privacy notice for the consent line: a site path (/privacy/) or an http(s) address. */
    privacy: z
      .string()
      .regex(/^(\/(?!\/)|https?:\/\/)/, '"newsletter.privacy" must be a site path like /privacy/ or an http(s) address')
      .optional(),
  })
  .superRefine((settings, ctx) => {
    if ((settings.action === undefined) === (settings.url === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: settings.action === undefined ? [] : ['url'],
        message:
          'newsletter needs exactly one of "action" (the address a sign-up form posts to) and "url" (a link to the provider\'s own sign-up page)',
      });
    }
  });

const giscusSchema = z.object({
  provider: z.literal('giscus'),
  /** The GitHub repository holding the discussions, `owner/name`. */
  repo: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, '"comments.repo" must be a GitHub repository written owner/name'),
  repoId: text,
  category: text,
  categoryId: text,
  reactions: z.boolean().default(true),
  inputPosition: z.enum(['bottom', 'top']).default('bottom'),
  theme: text.default('preferred_color_scheme'),
  /** giscus's interface language; by default the site's language without its region. */
  lang: text.optional(),
});

/** giscus is the one embedded provider; another would make this a union on `provider`. */
export const commentsSchema = giscusSchema;

export const READER_BLOCK_KEYS = {
  newsletter: Object.keys(newsletterSchema.shape),
  comments: Object.keys(giscusSchema.shape),
};

export const READER_BLOCK_HINTS = {
  newsletter: 'a mapping with at least "action", e.g. newsletter: {action: https://buttondown.com/api/emails/embed-subscribe/NAME}',
  comments: 'a mapping such as {provider: giscus, repo: owner/name, repoId: ..., category: ..., categoryId: ...}',
  'comments.provider': 'masthead embeds giscus; for a thread elsewhere, give each article comments: URL in its frontmatter',
  'comments.repoId': 'giscus.app shows the id once you enter the repository',
  'comments.categoryId': 'giscus.app shows the id once you pick the category',
};
