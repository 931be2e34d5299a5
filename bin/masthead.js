#!/usr/bin/env node
// Entry point for `masthead`. It always runs the current source: src/ is bundled with esbuild
// into node_modules/.cache/masthead-engine/<hash of the source and lockfile>/, once per change
// (a fraction of a second), because loading one bundle starts three times faster than loading
// hundreds of modules through a TypeScript loader. If the bundle cannot be made (no esbuild, a
// read-only install), the source runs through tsx instead.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function sourceHash() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of ['package.json', 'package-lock.json']) {
    if (existsSync(join(root, name))) hash.update(readFileSync(join(root, name)));
  }
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files.sort()) hash.update(file).update(readFileSync(join(root, 'src', file)));
  return hash.digest('hex').slice(0, 16);
}

async function bundle() {
  const cache = join(root, 'node_modules', '.cache', 'masthead-engine');
  const target = join(cache, sourceHash());
  if (existsSync(join(target, 'cli.mjs'))) return join(target, 'cli.mjs');
  const { build } = await import('esbuild');
  // Built aside and renamed into place, so parallel runs never load half a bundle.
  const temporary = `${target}.${process.pid}.tmp`;
  await build({
    entryPoints: {
      cli: join(root, 'src', 'cli.ts'),
      worker: join(root, 'src', 'workers', 'worker.ts'),
    },
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS packages call require(); give ES modules one.
    banner: {
      js: "import { createRequire as __masthead_require } from 'node:module'; const require = __masthead_require(import.meta.url);",
    },
    // piscina finds its own worker script next to itself, esbuild its binary (used to minify the
    // stylesheet) and sharp its native library in its own folder: all stay packages.
    external: ['piscina', 'esbuild', 'sharp'],
    logLevel: 'silent',
  });
  mkdirSync(cache, { recursive: true });
  try {
    renameSync(temporary, target);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another run finished first
  }
  // Older bundles are of no further use, once no run can still be loading them.
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (path !== target && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
  }
  return join(target, 'cli.mjs');
}

let entry;
try {
  entry = pathToFileURL(await bundle()).href;
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli.ts';
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
