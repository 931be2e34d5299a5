// The command line: parses arguments, runs a command, prints diagnostics and a summary, and
// returns the exit status (0 success, 1 content or template errors, 2 wrong usage). Each command
// is imported when it runs, so that `--version`, `new` or a build with nothing to do never loads
// the code (and the packages) of the others.
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DateTime } from 'luxon';
import { siteRoot } from './commands/site-root.ts';
import { parseShard } from './content/shards.ts';
import { ContentError, UsageError } from './diagnostics.ts';
import { VERSION } from './paths.ts';

const USAGE: Record<string, string> = {
  build: `Usage: masthead build [--root DIR] [--out DIR] [--drafts] [--future] [--now ISO-DATETIME] [--base-url URL]
                      [--cache DIR | --no-cache] [--shard K/N] [--workers N] [--format text|json]
                      [--quiet | --verbose]

Builds the site in DIR (default: the current folder) into DIR/public, or --out.
  --root DIR          the site: a folder with content/ and templates/
  --out DIR           where to write the site (default: ROOT/public)
  --drafts            include drafts
  --future            include articles dated after "now" (scheduled)
  --now ISO-DATETIME  the moment to build as of (default: SOURCE_DATE_EPOCH, else the clock)
  --base-url URL      publish at URL instead of site.yaml's url (e.g. a preview address)
  --cache DIR         keep rendered bodies, images and the manifest in DIR
                      (default: ROOT/node_modules/.cache/masthead)
  --no-cache          render every article again, ignoring and not writing the cache
  --shard K/N         render only the K-th of N shares of the bodies into the cache, and write
                      no site; a build given all N shards' caches copied into one folder as
                      --cache renders none of them again
  --workers N         threads for markdown, images and pages (default: the machine's cores)
  --format json       print the problems as one JSON array on stdout (default: text lines on stderr)
  --quiet             print only problems
  --verbose           also print the time each stage took`,
  check: `Usage: masthead check [--root DIR] [--drafts] [--future] [--now ISO-DATETIME] [--cache DIR | --no-cache]
                      [--format text|json] [--quiet | --verbose]

Validates content and templates and checks every link, as a build would, and writes no site.
Every local link, image and #fragment in bodies and templates must lead to a file of the site.
  --root DIR          the site: a folder with content/ and templates/
  --drafts            include drafts
  --future            include articles dated after "now" (scheduled)
  --now ISO-DATETIME  the moment to check as of (default: SOURCE_DATE_EPOCH, else the clock)
  --cache DIR         the cache a build keeps (default: ROOT/node_modules/.cache/masthead):
                      what it holds is reused, so a check renders only what a build would
  --no-cache          render everything afresh, ignoring and not writing the cache
  --quiet             print only problems
  --verbose           also print the time each stage took
  --format json       print the problems as one JSON array of {file, line, column, severity,
                      rule, message} on stdout (default: text lines on stderr)`,
  dev: `Usage: masthead dev [--root DIR] [--port N] [--host H] [--open] [--cache DIR] [--workers N]

Previews the site: builds it into memory (drafts and scheduled articles included), serves it
at http://127.0.0.1:4321/ and rebuilds on every saved change, reloading open pages. public/ is
not touched.
  --root DIR          the site: a folder with content/ and templates/
  --port N            the port to listen on (default 4321; 0 picks a free one)
  --host H            the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --open              open the preview in the default browser
  --cache DIR         keep rendered bodies and images in DIR (default: ROOT/node_modules/.cache/masthead)
  --workers N         threads for markdown, images and pages (default: the machine's cores)`,
  new: `Usage: masthead new "Headline" [--root DIR] [--author SLUG]... [--section SLUG] [--tag TAG]...

Creates content/articles/YYYY/YYYY-MM-DD-<slug>.md as a draft dated now, with every frontmatter
field: the given ones filled in, the optional ones commented out with an example.
  --root DIR          the site: a folder with content/site.yaml (default: the current folder)
  --author SLUG       an author from content/authors.yaml (a name, if the site has none); repeatable
  --section SLUG      a section from site.yaml
  --tag TAG           a tag; repeatable
An unknown author or section is refused, with the known ones listed.`,
};

const GENERAL = `masthead ${VERSION}: a static news-site generator

Usage: masthead <command> [options]

Commands:
  build    build the site into public/
  check    validate content, templates and links without writing
  dev      preview the site, rebuilding on every change
  new      start a new article

Run "masthead <command> --help" for a command's options.`;

const OPTIONS: Record<string, ParseArgsConfig['options']> = {
  build: {
    root: { type: 'string' },
    out: { type: 'string' },
    drafts: { type: 'boolean' },
    future: { type: 'boolean' },
    now: { type: 'string' },
    'base-url': { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    shard: { type: 'string' },
    workers: { type: 'string' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  check: {
    root: { type: 'string' },
    drafts: { type: 'boolean' },
    future: { type: 'boolean' },
    now: { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  dev: {
    root: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    cache: { type: 'string' },
    workers: { type: 'string' },
  },
  new: {
    root: { type: 'string' },
    author: { type: 'string', multiple: true },
    section: { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
};

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`masthead: ${error.message}\nRun "masthead --help" for usage.`);
      return 2;
    }
    if (error instanceof ContentError) {
      const { printDiagnostics } = await import('./commands/build.ts');
      printDiagnostics(error.diagnostics);
      return 1;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`masthead: internal error: ${error instanceof Error ? error.message : String(error)}`);
    console.error('This is a bug in masthead, not in your content. Please report it with the details below.');
    console.error(detail);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(GENERAL);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    console.log(VERSION);
    return 0;
  }
  const options = OPTIONS[command];
  if (!options) throw new UsageError(`unknown command "${command}" (commands: build, check, dev, new)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE[command]);
    return 0;
  }
  if (rest.includes('--version')) {
    console.log(VERSION);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: command === 'new', strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const root = siteRoot(values.root as string | undefined);
  if (command === 'new') {
    const { newArticle } = await import('./commands/new.ts');
    const path = await newArticle(root, parsed.positionals, {
      authors: (values.author as string[] | undefined) ?? [],
      section: values.section as string | undefined,
      tags: (values.tag as string[] | undefined) ?? [],
    });
    console.log(`Created ${path}`);
    return 0;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64))
    throw new UsageError(`--workers must be a whole number from 1 to 64, got "${String(values.workers)}"`);
  const cacheDir = cacheFolder(values.cache as string | undefined, values['no-cache'] === true);
  if (command === 'dev') {
    const port = values.port === undefined ? 4321 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a whole number from 0 to 65535, got "${String(values.port)}"`);
    const { runDev } = await import('./commands/dev.ts');
    return runDev({ root, port, host: (values.host as string | undefined) ?? '127.0.0.1', open: values.open === true, cacheDir, workers });
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got "${String(format)}"`);
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  if (values.shard !== undefined) {
    const shard = parseShard(values.shard as string);
    if (values['no-cache'] === true) throw new UsageError('--shard renders bodies into the cache, so it cannot go with --no-cache');
    if (values.out !== undefined)
      throw new UsageError('--shard writes no site, so --out has no use with it (give --cache DIR for the bodies)');
    const baseUrl = values['base-url'] as string | undefined;
    const [{ runShard }, { defaultCacheDir }] = await Promise.all([import('./commands/shard.ts'), import('./build.ts')]);
    return runShard({ root, shard, cacheDir: cacheDir ?? defaultCacheDir(root), baseUrl, workers, quiet, verbose, format });
  }
  const { runBuild } = await import('./commands/build.ts');
  return runBuild({
    root,
    out: values.out as string | undefined,
    now: resolveNow(values.now as string | undefined),
    include: { drafts: values.drafts === true, future: values.future === true },
    baseUrl: values['base-url'] as string | undefined,
    cache: values['no-cache'] !== true,
    cacheDir,
    workers,
    quiet,
    verbose,
    dryRun: command === 'check',
    format,
  });
}

/** The folder named by --cache, relative to the current folder; undefined without the flag. */
function cacheFolder(flag: string | undefined, noCache: boolean): string | undefined {
  if (flag === undefined) return undefined;
  if (noCache) throw new UsageError('--cache DIR and --no-cache contradict each other: give one of them');
  if (flag === '') throw new UsageError('--cache needs a folder, e.g. --cache shard-cache');
  return resolve(flag);
}

function resolveNow(flag: string | undefined): DateTime {
  if (flag !== undefined) {
    const now = DateTime.fromISO(flag, { setZone: true });
    if (!now.isValid) throw new UsageError(`--now must be an ISO 8601 date-time such as 2023-05-25T12:00:00Z, got "${flag}"`);
    return now;
  }
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
    return DateTime.fromSeconds(Number(epoch), { zone: 'UTC' });
  }
  return DateTime.now();
}
