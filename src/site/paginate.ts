// Splits a list into pages: page 1 at the list's own URL, page N at URL + "page/N/".
import { listingPageUrl } from './routes.ts';

export interface PageLink {
  number: number;
  url: string;
  current: boolean;
}

export interface Pagination {
  current: number;
  total: number;
  prev: string | null;
  next: string | null;
  pages: PageLink[];
}

export interface PageOf<T> {
  url: string;
  items: T[];
  readonly pagination: Pagination;
}

/** Always at least one page, so an empty listing still has its URL. Each page's navigation is
 * made when asked for (when the page is rendered or hashed), not kept from planning to the end
 * of the build: a large archive has tens of thousands of listing pages. */
export function paginate<T>(items: readonly T[], perPage: number, baseUrl: string): PageOf<T>[] {
  const total = Math.max(1, Math.ceil(items.length / perPage));
  return Array.from({ length: total }, (_, i) => {
    const current = i + 1;
    return {
      url: listingPageUrl(baseUrl, current),
      items: items.slice(i * perPage, current * perPage),
      get pagination(): Pagination {
        return {
          current,
          total,
          prev: current > 1 ? listingPageUrl(baseUrl, current - 1) : null,
          next: current < total ? listingPageUrl(baseUrl, current + 1) : null,
          pages: window(current, total).map((n) => ({ number: n, url: listingPageUrl(baseUrl, n), current: n === current })),
        };
      },
    };
  });
}

/** The first, the last, and two either side of the current page: enough to navigate a long archive. */
function window(current: number, total: number): number[] {
  const numbers = new Set([1, total]);
  for (let n = current - 2; n <= current + 2; n++) if (n >= 1 && n <= total) numbers.add(n);
  return [...numbers].sort((a, b) => a - b);
}
