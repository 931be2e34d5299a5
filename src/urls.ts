// Site paths ("/tags/armenia/") turned into links: relative to the page that holds them (so a
// site works under any base path, and opened from disk) or absolute (for feeds and canonical).

/** True for a path on this site ("/x/"), false for "//host/x", "https://…", "#top", "mailto:…". */
export function isSitePath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

/** The folder a page's URL lives in: "/a/b/" for "/a/b/" and for "/a/b/c.xml". */
function folderOf(pageUrl: string): string[] {
  const parts = pageUrl.split('/').slice(1);
  parts.pop();
  return parts;
}

/** A link from the page at `pageUrl` to the site path `target`, e.g. "../../tags/armenia/". */
export function relativeHref(pageUrl: string, target: string): string {
  if (!isSitePath(target)) return target;
  const suffixAt = target.search(/[?#]/);
  const path = suffixAt === -1 ? target : target.slice(0, suffixAt);
  const suffix = suffixAt === -1 ? '' : target.slice(suffixAt);
  const from = folderOf(pageUrl);
  const to = path.split('/').slice(1);
  let shared = 0;
  while (shared < from.length && shared < to.length - 1 && from[shared] === to[shared]) shared++;
  const up = '../'.repeat(from.length - shared);
  const down = to.slice(shared).join('/');
  const link = up + down;
  return (link === '' ? './' : link) + suffix;
}

/** The absolute URL of a site path on `baseUrl` (which ends in "/"). */
export function absoluteUrl(baseUrl: string, target: string): string {
  if (!isSitePath(target)) return target;
  return baseUrl + target.slice(1);
}
