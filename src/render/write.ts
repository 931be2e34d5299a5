// The render-and-write stage: each planned output is rendered only when its inputs differ from
// the last build's (else the writer keeps the old file), a few at a time so writes overlap
// with rendering; then the static files and the output folder's marker. The dependency index
// spares working out the inputs of outputs whose records did not change.
import { createHash } from 'node:crypto';
import { eachBounded } from '../concurrency.ts';
import type { StaticFile } from '../output/assets.ts';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../output/out-folder.ts';
import type { KeepRequest, Writer } from '../output/writer.ts';
import type { RenderContext } from './context.ts';
import type { Output } from './pages.ts';

/** What an output was made from, as the dependency index keeps it (incremental/dependencies.ts). */
export interface InputsRecord {
  /** The inputs hash the output had at the last build when nothing it uses has changed. */
  unchanged(output: Output): string | undefined;
  record(path: string, inputs: string): void;
}

export interface OutputOptions {
  fingerprint: string | undefined;
  dependencies: InputsRecord | undefined;
}

export async function writeOutputs(
  ctx: RenderContext,
  outputs: readonly Output[],
  files: readonly StaticFile[],
  writer: Writer,
  options: OutputOptions & { onProgress?: (done: number, total: number) => void },
): Promise<{ hashed: number }> {
  const rest = await keepVouched(outputs, writer, options.dependencies);
  let done = outputs.length - rest.length;
  let hashed = 0;
  await eachBounded(rest, ctx.renderer.window, async (output) => {
    // Every 200th, and the last, so that even a stage of a few outputs says it ran to the end.
    if (++done % 200 === 0 || done === outputs.length) options.onProgress?.(done, outputs.length);
    if (await writeOutput(ctx, output, writer, options)) hashed++;
  });
  if (rest.length === 0 && outputs.length > 0) options.onProgress?.(outputs.length, outputs.length);
  await eachBounded(files, 64, (file) =>
    file.content === undefined ? writer.copy(file.from, file.path) : writer.write(file.path, file.content),
  );
  await writer.write(OUTPUT_MARKER, OUTPUT_MARKER_TEXT);
  return { hashed };
}

/** Has the writer keep, in one call, every output the dependency index vouches for (after one
 * edit, all but a few of them); answers with the outputs still to be written or kept one by
 * one. One call rather than thousands through each writer layer: a preview rebuild spent more
 * time awaiting those than rendering its pages. */
async function keepVouched(outputs: readonly Output[], writer: Writer, dependencies: InputsRecord | undefined): Promise<readonly Output[]> {
  if (!dependencies) return outputs;
  const vouched: KeepRequest[] = [];
  for (const output of outputs) {
    const inputs = dependencies.unchanged(output);
    if (inputs !== undefined) vouched.push({ path: output.path, inputs });
  }
  if (vouched.length === 0) return outputs;
  const refused = await writer.keepAll(vouched);
  const kept = new Set<string>();
  for (const { path, inputs } of vouched) {
    if (refused.has(path)) continue;
    dependencies.record(path, inputs);
    kept.add(path);
  }
  return kept.size === 0 ? outputs : outputs.filter((output) => !kept.has(output.path));
}

/** Renders and writes one output, or has the writer keep it; true when its inputs were hashed. */
export async function writeOutput(ctx: RenderContext, output: Output, writer: Writer, options: OutputOptions): Promise<boolean> {
  const { fingerprint, dependencies } = options;
  const unchanged = dependencies?.unchanged(output);
  if (unchanged && (await writer.keep(output.path, unchanged))) {
    dependencies!.record(output.path, unchanged);
    return false;
  }
  // Without a fingerprint (no cache) nothing is kept between builds: no inputs to compare.
  const inputs =
    fingerprint && createHash('sha256').update(fingerprint).update(JSON.stringify(output.inputs(), ctx.views.replaceShared)).digest('hex');
  if (inputs) dependencies?.record(output.path, inputs);
  if (inputs && (await writer.keep(output.path, inputs))) return true;
  const content = await output.produce();
  if (typeof content === 'string') await writer.write(output.path, content, inputs);
  else if (content) await writer.write(output.path, content.html, inputs, content.links);
  return Boolean(inputs);
}
