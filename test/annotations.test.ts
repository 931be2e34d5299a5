// Under GitHub Actions (GITHUB_ACTIONS=true) a failed build prints each problem twice: the usual
// compiler-style line, and a workflow command GitHub turns into an annotation on the file. The
// command must carry the position relative to the repository and survive any text content can
// put in a message: "%", line breaks, ":" and "," in a file name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/annotations.ts';
import { makeSite, runCli } from './helpers.ts';

/** What GitHub's runner does with a workflow command line: its kind, properties and message. */
function readCommand(line: string): { kind: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    match[2]!.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), unescape(pair.slice(at + 1))];
    }),
  );
  return { kind: match[1]!, properties, message: unescape(match[3]!) };
}

describe('GitHub annotations', () => {
  it('escapes "%", CR and LF in messages, and also ":" and "," in properties', () => {
    expect(escapeData('100% sure\r\nnext line')).toBe('100%25 sure%0D%0Anext line');
    expect(escapeProperty('content/a,b: c%.md')).toBe('content/a%2Cb%3A c%25.md');
    // Other control characters are shown, not sent to the log.
    expect(escapeData('bell\u0007')).toBe('bell\\u0007');
  });

  it('follow every problem of a failed build, with its position in the repository', async () => {
    // The site lives in news/ inside the checkout, as GITHUB_WORKSPACE points at the checkout.
    const workspace = mkdtempSync(join(tmpdir(), 'masthead-workspace-'));
    const site = makeSite({
      'content/site.yaml': 'title: Annotated\nurl: https://annotated.example.org/\n',
      'content/authors.yaml': 'ani:\n  name: Ani\n',
      'content/articles/one,two: three.md': '---\ntitle: Commas\ndate: 2023-02-30\nauthor: ani\n---\n\nText.\n',
      'content/articles/2023-05-01-percent.md': '---\ntitle: Percent\ndate: 2023-05-01\nauthor: "100% ani\\n::warning::x"\n---\n\nText.\n',
    });
    renameSync(site, join(workspace, 'news'));
    execFileSync('git', ['init', '-q'], { cwd: workspace });
    const run = await runCli(['build', '--root', join(workspace, 'news')], { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    const problems = lines.filter((line) => line.startsWith('content/'));
    expect(problems).toHaveLength(2);
    for (const problem of problems) {
      // path:line:column: severity: reason [rule]
      const [, path, line, column, severity, reason, rule] = /^(.+):(\d+):(\d+): (\w+): (.*) \[([\w-]+)\]$/.exec(problem)!;
      const command = lines[lines.indexOf(problem) + 1]!;
      const read = readCommand(command);
      expect(read).toEqual({
        kind: severity,
        properties: { file: `news/${path}`, line, col: column, title: `masthead [${rule}]` },
        // The terminal line shows the line break escaped; the annotation carries it as one.
        message: reason!.replace(/\\u000a/g, '\n'),
      });
    }
    // No line of the output starts a command that content wrote: the only commands are the two
    // annotations, each right after its problem.
    expect(lines.filter((line) => line.startsWith('::'))).toHaveLength(2);
  });

  it('are not printed outside GitHub Actions', async () => {
    const site = makeSite({ 'content/site.yaml': 'title: Plain\nurl: https://plain.example.org/\nperPage: zero\n' });
    const run = await runCli(['build', '--root', site], { GITHUB_ACTIONS: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('content/site.yaml:3:10: error:');
    expect(run.stderr).not.toContain('::error');
  });
});
