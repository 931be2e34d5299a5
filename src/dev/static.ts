// How the dev server answers a request for a file of the site, as a static host would: only
// files the build made, `/dir` redirected to `/dir/`, `/dir/` served from `dir/index.html`,
// anything else a 404 with the site's own 404 page. The URL is decoded once and any path that
// could leave the site (`..`, encoded slashes or dots, backslashes, NUL) is simply not found,
// as are hidden files such as the build's `.masthead` marker.
import { lookup } from 'mrmime';

export interface SiteFiles {
  get(path: string): string | Uint8Array | undefined;
  has(path: string): boolean;
}

export type StaticAnswer =
  | { kind: 'file'; status: 200 | 404; path: string; type: string; data: string | Uint8Array }
  | { kind: 'redirect'; location: string }
  | { kind: 'missing' };

/** Resolves the path part of a request URL (`/2023/05/talks/`) against the site's files. */
export function resolveRequest(site: SiteFiles, rawPath: string): StaticAnswer {
  const path = sitePath(rawPath);
  if (path === undefined) return notFound(site);
  if (path === '' || path.endsWith('/')) return found(site, `${path}index.html`) ?? notFound(site);
  const file = found(site, path);
  if (file) return file;
  // A folder asked for without its slash: send the browser to the slashed URL, so the page's
  // relative links resolve as they will on the host.
  if (site.has(`${path}/index.html`)) return { kind: 'redirect', location: `/${encodeURI(path)}/` };
  return notFound(site);
}

/** The path inside the site, or undefined for one that is not a plain relative path. */
export function sitePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return undefined;
  // An encoded slash would decode into a path separator the URL did not have.
  if (/%2f|%5c/i.test(rawPath)) return undefined;
  const segments = decoded.slice(1).split('/');
  // No `.` or `..` steps, no empty ones, and no hidden files (the output folder's marker).
  if (segments.some((segment, i) => segment.startsWith('.') || (segment === '' && i < segments.length - 1))) return undefined;
  return segments.join('/');
}

function found(site: SiteFiles, path: string): StaticAnswer | undefined {
  const data = site.get(path);
  if (data === undefined) return undefined;
  return { kind: 'file', status: 200, path, type: contentType(path), data };
}

function notFound(site: SiteFiles): StaticAnswer {
  const page = site.get('404.html');
  if (page === undefined) return { kind: 'missing' };
  return { kind: 'file', status: 404, path: '404.html', type: contentType('404.html'), data: page };
}

function contentType(path: string): string {
  const type = lookup(path) ?? 'application/octet-stream';
  return /^text\/|\/(json|xml|javascript)$|\+xml$/.test(type) ? `${type}; charset=utf-8` : type;
}
