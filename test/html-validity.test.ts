// The built sites are valid HTML, their stylesheets valid CSS and their media valid SVG, as the
// Nu HTML Checker (vnu.jar, the engine behind validator.w3.org/nu) sees them. The sites are built
// once by the real CLI; each kind of document is then checked in a single JVM run, all runs in
// parallel. Known-bad "canary" documents ride along in every run so a broken checker set-up (no
// output, changed JSON) fails loudly instead of passing with zero errors.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, REPO, runCli } from './helpers.ts';

const requireCjs = createRequire(import.meta.url);
/** `require('vnu-jar')` is the path of the jar (as a String object). */
const VNU_JAR = String(requireCjs('vnu-jar'));
const NOW_ARG = '2023-07-01T12:00:00Z';

/** One message of `vnu --format json`. */
interface VnuMessage {
  type: string; // 'error' | 'info' (with subType 'warning') | 'non-document-error'
  subType?: string;
  url?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
}

interface VnuRun {
  messages: VnuMessage[];
  /** Absolute paths of the documents vnu says it checked (`--verbose` lists them on stderr). */
  checked: Set<string>;
}

/** Runs vnu once on `targets` (files or folders) with `mode` (`--skip-non-html`, `--css`, `--svg`). */
function vnu(mode: string, targets: string[]): Promise<VnuRun> {
  // C1-only JIT and the serial GC: a short batch run spends most of its time in the JVM's
  // optimising compiler otherwise (3-5x slower on a small machine); the results are the same.
  // Unoptimised frames are larger, and the schema validation recurses deeply: a roomy stack
  // (vnu asks for at least 512k) keeps it from overflowing.
  const jvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss8m'];
  const args = [...jvm, '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', '--verbose', mode, ...targets];
  return new Promise((done, fail) => {
    // vnu exits 1 when it finds errors: that is a result, not a failure of the run.
    execFile('java', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        fail(new Error(`could not run java -jar vnu.jar (is Java 17+ installed?): ${error.message}`));
        return;
      }
      let parsed: { messages?: VnuMessage[] };
      try {
        parsed = JSON.parse(stdout) as { messages?: VnuMessage[] };
      } catch {
        fail(new Error(`vnu ${mode} printed no JSON (exit ${String(error?.code ?? 0)}):\n${stdout}\n${stderr}`));
        return;
      }
      if (!Array.isArray(parsed.messages)) {
        fail(new Error(`vnu ${mode}: unexpected JSON, no "messages" list:\n${stdout}`));
        return;
      }
      const checked = new Set(
        stderr
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /\.(html|css|svg)$/.test(line))
          .map((line) => resolve(line)),
      );
      done({ messages: parsed.messages, checked });
    });
  });
}

/** Every file under `dir` whose name ends with `extension`, as absolute paths. */
function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function messagePath(message: VnuMessage): string | undefined {
  if (!message.url) return undefined;
  try {
    return fileURLToPath(new URL(message.url));
  } catch {
    return undefined;
  }
}

/** The problems (anything but info/warnings) vnu reported for documents under `dir`, plus any
 * message that names no document (a failure of the checker itself), one readable line each:
 * `path:line:column: message  «extract»`, the path relative to `dir`. */
function problemsUnder(run: VnuRun, dir: string): string[] {
  return run.messages
    .filter((m) => m.type !== 'info')
    .filter((m) => {
      const path = messagePath(m);
      return path === undefined || path === dir || path.startsWith(dir + sep);
    })
    .map((m) => {
      const path = messagePath(m);
      const where = path ? relative(dir, path) || path : (m.url ?? '(no file)');
      const line = m.lastLine ?? m.firstLine ?? '?';
      const column = m.firstColumn ?? m.lastColumn ?? '?';
      const extract = m.extract ? `  «${m.extract.replace(/\s+/g, ' ').trim()}»` : '';
      return `${where}:${line}:${column}: [${m.type}] ${m.message}${extract}`;
    });
}

/** The assertion every validity test ends with: no problems, or a message listing each. */
function expectValid(problems: string[], what: string): void {
  const report = `${problems.length} validation error(s) in ${what}:\n${problems.map((p) => `  ${p}`).join('\n')}`;
  expect(problems, report).toEqual([]);
}

let tmp: string;
let fixtureRoot: string;
let blocksRoot: string;
let sampleOut: string;
let fixtureOut: string;
/** Fixture "reader-blocks": the newsletter form and both kinds of comments block. */
let blocksOut: string;
let canary: string;
let html: VnuRun;
let css: VnuRun;
let svg: VnuRun;
let cssFiles: { sample: string[]; fixture: string[]; blocks: string[] };
let svgFiles: { sample: string[]; fixture: string[]; blocks: string[] };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'masthead-vnu-'));
  sampleOut = join(tmp, 'sample');
  fixtureOut = join(tmp, 'basic');
  fixtureRoot = copyFixture('basic');
  blocksOut = join(tmp, 'blocks');
  blocksRoot = copyFixture('reader-blocks');

  const builds = await Promise.all([
    runCli(['build', '--root', REPO, '--out', sampleOut, '--now', NOW_ARG]),
    runCli(['build', '--root', fixtureRoot, '--out', fixtureOut, '--now', NOW_ARG]),
    runCli(['build', '--root', blocksRoot, '--out', blocksOut, '--now', NOW_ARG]),
  ]);
  builds.forEach((run, i) => {
    if (run.code !== 0)
      throw new Error(
        `build of ${['the sample site', 'fixture "basic"', 'fixture "reader-blocks"'][i]} failed (exit ${run.code}):\n${run.stderr}`,
      );
  });

  // Documents with known errors, each on a known line.
  canary = join(tmp, 'canary');
  mkdirSync(canary);
  writeFileSync(
    join(canary, 'bad.html'),
    '<!doctype html>\n<html lang="en">\n<head><title>canary</title></head>\n<body>\n<p>stray</span></p>\n</body>\n</html>\n',
  );
  writeFileSync(join(canary, 'bad.css'), 'p {\n  colr: red;\n}\n');
  writeFileSync(join(canary, 'bad.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">\n<rect widthx="1"/>\n</svg>\n');

  cssFiles = {
    sample: filesUnder(join(sampleOut, 'assets'), '.css'),
    fixture: filesUnder(join(fixtureOut, 'assets'), '.css'),
    blocks: filesUnder(join(blocksOut, 'assets'), '.css'),
  };
  svgFiles = {
    sample: filesUnder(join(REPO, 'content', 'media'), '.svg'),
    fixture: filesUnder(join(fixtureRoot, 'content', 'media'), '.svg'),
    blocks: filesUnder(join(blocksRoot, 'content', 'media'), '.svg'),
  };

  [html, css, svg] = await Promise.all([
    vnu('--skip-non-html', [sampleOut, fixtureOut, blocksOut, canary]),
    vnu('--css', [...cssFiles.sample, ...cssFiles.fixture, ...cssFiles.blocks, join(canary, 'bad.css')]),
    vnu('--svg', [...svgFiles.sample, ...svgFiles.fixture, ...svgFiles.blocks, join(canary, 'bad.svg')]),
  ]);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
  if (blocksRoot) rmSync(blocksRoot, { recursive: true, force: true });
});

describe('the checker itself', () => {
  it('reports the errors planted in known-bad HTML, CSS and SVG, with their lines', () => {
    const located = (run: VnuRun, file: string) =>
      run.messages
        .filter((m) => m.type === 'error' && messagePath(m) === join(canary, file))
        .map((m) => ({ line: m.lastLine, message: m.message }));
    expect(located(html, 'bad.html')).toContainEqual({ line: 5, message: expect.stringMatching(/stray end tag/i) });
    expect(located(css, 'bad.css')).toContainEqual({ line: 2, message: expect.stringMatching(/colr/) });
    expect(located(svg, 'bad.svg')).toContainEqual({ line: 2, message: expect.stringMatching(/widthx/) });
  });
});

describe.each([
  ['the sample site', 'sample'],
  ['fixture "basic"', 'fixture'],
  ['fixture "reader-blocks" (newsletter and comments)', 'blocks'],
] as const)('%s', (name, key) => {
  const out = () => ({ sample: sampleOut, fixture: fixtureOut, blocks: blocksOut })[key];

  it('every HTML page of the build was checked', () => {
    const pages = filesUnder(out(), '.html');
    expect(pages.length).toBeGreaterThan(key === 'sample' ? 20 : 3);
    expect(pages).toContain(join(out(), 'index.html'));
    expect(pages).toContain(join(out(), '404.html'));
    const unchecked = pages.filter((page) => !html.checked.has(page)).map((page) => relative(out(), page));
    expect(unchecked, `vnu did not check: ${unchecked.join(', ')}`).toEqual([]);
  });

  it('every HTML page is valid', () => {
    expectValid(problemsUnder(html, out()), `the HTML of ${name}`);
  });

  it('the stylesheet is valid CSS', () => {
    const files = cssFiles[key];
    expect(files.length, 'no stylesheet in assets/').toBeGreaterThan(0);
    expect(files.filter((f) => !css.checked.has(f))).toEqual([]);
    expectValid(problemsUnder(css, join(out(), 'assets')), `the CSS of ${name}`);
  });

  it('the SVG media under content/media are valid SVG', () => {
    const files = svgFiles[key];
    expect(files.length, 'no SVG under content/media').toBeGreaterThan(0);
    expect(files.filter((f) => !svg.checked.has(f))).toEqual([]);
    const media = join({ sample: REPO, fixture: fixtureRoot, blocks: blocksRoot }[key], 'content', 'media');
    expectValid(problemsUnder(svg, media), `the SVG media of ${name}`);
  });
});
