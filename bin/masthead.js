#!/usr/bin/env node
// Entry point for `masthead`. It always runs the current source: src/ is bundled with esbuild
// into node_modules/.cache/masthead-engine/<hash of the source and lockfile>/, once per change
// (a fraction of a second), because loading one bundle starts three times faster than loading
// hundreds of modules through a TypeScript loader. If the bundle cannot be made (no esbuild, a
// read-only install), the source runs through tsx instead, and a line on stderr says why.
//
// The bundle is one CommonJS script, compiled with a V8 code cache kept beside it: a new
// process then skips compiling the engine's functions, which is most of the time it takes to
// start (an article edited in a 4,000-article site: 1.35 against 1.57 s). Node 20 has no code
// cache for ES modules (Node 22's module.enableCompileCache), but vm.Script takes one.
//
// Finding the bundle must cost next to nothing, as every command pays for it: a stamp named by
// the files' sizes, times, change times and inode numbers says which content hash they had when
// last read. Any write to a file (or `touch`, or a copy) changes its change time, which no tool
// can set, so a stale stamp is never found; the files are then read and hashed again.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapCodeStatistics } from 'node:v8';
import { Script } from 'node:vm';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cache = join(root, 'node_modules', '.cache', 'masthead-engine');

/** The files a bundle is made from, the lockfile among them: what esbuild reads can change with it. */
function sourceFiles() {
  const files = [fileURLToPath(import.meta.url), ...['package.json', 'package-lock.json'].map((name) => join(root, name))];
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return [...files.filter((file) => existsSync(file)), ...sources.sort().map((file) => join(root, 'src', file))];
}

function contentHash(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function statKey(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\0${ctimeMs}\0${ino}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The content hash of the source, from its stamp when the files are as they were. */
function sourceHash() {
  const files = sourceFiles();
  const stamp = join(cache, `${statKey(files)}.stamp`);
  try {
    const known = readFileSync(stamp, 'utf8');
    if (/^[0-9a-f]{16}$/.test(known)) return known;
  } catch {
    // No stamp for these files yet.
  }
  const hash = contentHash(files);
  try {
    mkdirSync(cache, { recursive: true });
    writeFileSync(`${stamp}.${process.pid}.tmp`, hash);
    renameSync(`${stamp}.${process.pid}.tmp`, stamp);
  } catch {
    // A read-only install: the files are hashed on every start.
  }
  return hash;
}

/** Options both scripts are built with. piscina finds its own worker script next to itself,
 * esbuild its binary (used to minify the stylesheet) and sharp its native library in its own
 * folder: all stay packages. */
const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['piscina', 'esbuild', 'sharp'],
  logLevel: 'silent',
  // Its messages name files from masthead's folder (src/urls.ts), wherever the command runs.
  absWorkingDir: root,
};

async function bundle() {
  const target = join(cache, sourceHash());
  if (existsSync(join(target, 'cli.cjs'))) return join(target, 'cli.cjs');
  const { build } = await import('esbuild');
  // Built aside and renamed into place, so parallel runs never load half a bundle.
  const temporary = `${target}.${process.pid}.tmp`;
  await Promise.all([
    build({
      ...COMMON,
      entryPoints: { cli: join(root, 'src', 'cli.ts') },
      outdir: temporary,
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      // import() becomes a deferred require, so a module loaded on first use (the XML builder,
      // the dev server) is still evaluated only then, and the script needs no module loader.
      supported: { 'dynamic-import': false },
      // What the source asks of import.meta: the script's own address.
      define: { 'import.meta.url': '__masthead_url' },
      banner: { js: "const __masthead_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    // Worker threads load an ES module: piscina imports it.
    build({
      ...COMMON,
      entryPoints: { worker: join(root, 'src', 'workers', 'worker.ts') },
      outdir: temporary,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      // Bundled CommonJS packages call require(); give ES modules one.
      banner: {
        js: "import { createRequire as __masthead_require } from 'node:module'; const require = __masthead_require(import.meta.url);",
      },
    }),
  ]);
  mkdirSync(cache, { recursive: true });
  try {
    renameSync(temporary, target);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another run finished first
  }
  // Older bundles and stamps are of no further use, once no run can still be loading them.
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (path !== target && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
  }
  return join(target, 'cli.cjs');
}

/** One line on why bundle() failed: esbuild's first message (a folder it could not write, a
 * syntax error at its place in the source) or the error's own first line. */
function whyNotBundled(error) {
  const first = error?.errors?.[0];
  const place = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
  const detail = first?.text ? `${place}${first.text}` : String(error?.message ?? error).split('\n')[0];
  return `the engine could not be bundled into ${cache}: ${detail}`;
}

/** How much more bytecode than the cache's own run a run must have compiled for its cache to be
 * written again: enough to leave out the noise of one run to the next. */
const CACHE_GROWTH = 1.1;

/**
 * Runs the CommonJS script at `file` as Node would, compiled with the code cache beside it.
 * V8 checks a cache against its own version, its flags and the script before using any of it,
 * and ignores one that does not fit (a Node upgrade, a damaged file). The cache is written as
 * the process ends, when it holds every function the run compiled, not only the script's top
 * level: when there was none or V8 turned it down, and when the run compiled clearly more than
 * the run that wrote it (`--help` first, then a build; a title edited, then a body, which loads
 * the markdown pipeline). It only grows, so it settles after the first few kinds of run.
 */
function loadWithCodeCache(file) {
  // V8 turns down a cache made under other flags (dev's larger young generation, say): one cache
  // for each set of flags, so that builds and dev do not keep writing each other's.
  const flags = createHash('sha256')
    .update(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '']))
    .digest('hex')
    .slice(0, 8);
  const cacheFile = `${file}.${flags}.v8-cache`;
  const sizeFile = `${cacheFile}.bytecode`;
  let cachedData;
  let cachedBytecode = 0;
  try {
    cachedData = readFileSync(cacheFile);
    cachedBytecode = Number(readFileSync(sizeFile, 'utf8')) || 0;
  } catch {
    // None yet.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const stale = !cachedData || script.cachedDataRejected;
  process.once('exit', () => {
    const bytecode = getHeapCodeStatistics().bytecode_and_metadata_size;
    if (!stale && bytecode <= cachedBytecode * CACHE_GROWTH) return;
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      writeFileSync(sizeFile, String(bytecode));
    } catch {
      rmSync(temporary, { force: true }); // read-only: compiled every time
    }
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** `dev` rebuilds in one long-lived process, where a larger young generation cuts the time spent
 * collecting garbage per rebuild by about a third; V8 takes that setting only at start, so `dev`
 * runs in a child process started with it. The child is put in a process group of its own, so
 * that it gets each signal once, from this process (a terminal's Ctrl-C signals the whole group,
 * and a second SIGINT in the middle of shutting down would end it by the signal), and it ends
 * itself when this process goes away without a word (see the end of this file). */
const YOUNG_GENERATION = '--max-semi-space-size=32';
/** Set for that child, so that it alone ends with its parent. */
const DEV_CHILD = 'MASTHEAD_DEV_CHILD';

function runWithLargerYoungGeneration() {
  const child = spawn(process.execPath, [...process.execArgv, YOUNG_GENERATION, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: process.platform !== 'win32',
    env: { ...process.env, [DEV_CHILD]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => {
    process.exitCode = code ?? 1;
  });
}

// Not when the young generation is set already, nor when this process is being inspected or
// profiled: that is meant for the process doing the work.
const nodeFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
const wantsYoungGeneration =
  process.argv[2] === 'dev' && !nodeFlags.some((flag) => /^--(max-semi-space-size|inspect|cpu-prof|heap-prof)/.test(flag));
if (wantsYoungGeneration) {
  runWithLargerYoungGeneration();
} else {
  if (process.channel && process.env[DEV_CHILD] === '1') {
    // Started by the lines above: the parent's going (even killed outright) closes the channel.
    delete process.env[DEV_CHILD];
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  let bundled;
  try {
    bundled = await bundle();
  } catch (error) {
    // Run from source, below, and say why: without the bundle every command starts about three
    // times more slowly, which nobody should have to find out by themselves.
    process.stderr.write(`masthead: running from source, which starts more slowly: ${whyNotBundled(error)}\n`);
  }
  let engine;
  if (bundled) engine = loadWithCodeCache(bundled);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    engine = await import('../src/cli.ts');
  }
  process.exitCode = await engine.main(process.argv.slice(2));
}
