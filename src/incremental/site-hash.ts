// The hash of everything a whole build depends on. Equal to the last build's, the writer can
// keep the whole previous site without rendering anything (and its links were checked then).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { recentArticles } from '../feeds/sitemap.ts';
import type { StaticFile } from '../output/assets.ts';
import type { Output } from '../render/pages.ts';
import type { Site } from '../site/model.ts';
import { isScheduled } from '../site/schedule.ts';

export function siteHash(
  contentDigest: string,
  fingerprint: string,
  outputs: readonly Output[],
  site: Site,
  files: readonly StaticFile[],
): string {
  return (
    createHash('sha256')
      .update(contentDigest)
      .update(fingerprint)
      // What "now" decides: which articles are out, which of those shown are still scheduled
      // (marked so on their pages), what the news sitemap holds, the footer's year.
      .update(
        JSON.stringify([
          outputs.map((o) => o.path),
          site.articles.map((a) => [a.url, isScheduled(a, site.now)]),
          recentArticles(site).map((a) => a.url),
          site.now.setZone(site.config.timezone).year,
        ]),
      )
      // Static files by size and time, as the disk writer compares them.
      .update(
        JSON.stringify(
          files.map((file) => {
            const { size, mtimeMs } = statSync(file.from);
            return [file.path, size, mtimeMs];
          }),
        ),
      )
      .digest('hex')
  );
}
