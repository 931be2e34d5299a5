// Links resolved as a browser resolves them, in URL space: against the address of the page that
// holds them, percent-escapes decoded, query strings ignored; then matched to a file of the
// built site the way a static host serves it ("x/" is "x/index.html", "x" may be "x/index.html").

export type Resolution =
  | { kind: 'external' }
  | { kind: 'malformed' }
  /** `path` is a site path ("/media/a b.png", decoded); `fragment` is decoded, null when none. */
  | { kind: 'site'; path: string; fragment: string | null };

/** Where `href`, on the page at the site path `pageUrl`, leads on the site at `baseUrl`. */
export function resolveHref(href: string, pageUrl: string, baseUrl: string): Resolution {
  const { base, page } = addresses(pageUrl, baseUrl);
  let target: URL;
  try {
    target = new URL(href, page);
  } catch {
    return { kind: 'malformed' };
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return { kind: 'external' };
  try {
    const path = '/' + decodeURIComponent(target.pathname.slice(base.pathname.length));
    // `#/signup` or `#!/x` is a route for the page's script (a provider's sign-up portal, a
    // single-page app), not the id of an element: only the page itself is checked.
    const hash = target.hash.slice(1);
    const fragment = hash === '' || /^[/!]/.test(hash) ? null : decodeURIComponent(hash);
    return { kind: 'site', path, fragment };
  } catch {
    return { kind: 'malformed' };
  }
}

let last: { pageUrl: string; baseUrl: string; base: URL; page: URL } | undefined;

/** The site's and the page's address, parsed once for all the links of a page. */
function addresses(pageUrl: string, baseUrl: string): { base: URL; page: URL } {
  if (last?.pageUrl !== pageUrl || last.baseUrl !== baseUrl) {
    const base = new URL(baseUrl);
    last = { pageUrl, baseUrl, base, page: new URL(pageUrl.slice(1), base) };
  }
  return last;
}
