// Checks that the peers made the same site: the same pages and feeds at the same paths. Hugo also
// writes a redirect at every list's /page/1/ and a sitemap, which the others do not make.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file a peer wrote under `dir`, as site paths, without Hugo's page/1/ redirects and sitemap. */
export function outputPaths(dir: string): Set<string> {
  const paths = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => '/' + join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((path) => !path.endsWith('/page/1/index.html') && path !== '/sitemap.xml');
  return new Set(paths);
}

/** One line saying whether the peers' outputs (name -> folder) hold the same paths, and where they differ. */
export function compareOutputs(outputs: Record<string, string>): string {
  const sets = Object.entries(outputs).map(([name, dir]) => ({ name, paths: outputPaths(dir) }));
  if (sets.length < 2) return '';
  const [first, ...others] = sets;
  const differences = others.flatMap(({ name, paths }) => {
    const missing = [...first!.paths].filter((p) => !paths.has(p));
    const extra = [...paths].filter((p) => !first!.paths.has(p));
    if (missing.length + extra.length === 0) return [];
    const example = missing[0] ? `lacks ${missing[0]}` : `adds ${extra[0]}`;
    return [`${name} has ${paths.size} (${missing.length} missing, ${extra.length} extra; ${example})`];
  });
  const names = sets.map((s) => s.name).join(', ');
  return differences.length === 0
    ? `Pages and feeds: ${first!.paths.size} each from ${names} (Hugo's page/1/ redirects and sitemap aside).`
    : `Pages and feeds DIFFER: ${first!.name} has ${first!.paths.size}; ${differences.join('; ')}.`;
}
