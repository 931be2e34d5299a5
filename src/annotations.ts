// Diagnostics as GitHub Actions workflow commands (`::error file=x.md,line=3,col=7::message`), so a
// failed build in CI marks each problem on the run's summary and on the file in pull requests.
import { relative, resolve, sep } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { printable, severityOf } from './diagnostics.ts';

/** True when running as a step of a GitHub Actions job (the runner sets GITHUB_ACTIONS=true). */
export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/**
 * The workflow command for one message. `root` is the site root the message's path is relative
 * to; GitHub wants paths relative to the repository (GITHUB_WORKSPACE), which differ when the
 * site lives in a subfolder.
 */
export function annotation(message: VFileMessage, root: string, env: NodeJS.ProcessEnv = process.env): string {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const properties = [
    message.file ? `file=${escapeProperty(relative(workspace, resolve(root, message.file)).split(sep).join('/'))}` : '',
    `line=${message.line ?? 1}`,
    `col=${message.column ?? 1}`,
    message.ruleId ? `title=${escapeProperty(`masthead [${message.ruleId}]`)}` : '',
  ].filter(Boolean);
  return `::${severityOf(message)} ${properties.join(',')}::${escapeData(message.reason)}`;
}

/**
 * A message's text: "%", CR and LF are written as %25, %0D and %0A (GitHub decodes them), so no
 * text from content can end the command early or start a command of its own on a new line. The
 * remaining control characters are shown escaped, as in the terminal.
 */
export function escapeData(text: string): string {
  return printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (file, title): as data, and also ":" and ",", which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
