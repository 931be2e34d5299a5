// JSON files the build keeps for itself (manifests, indexes, state), each written under a
// temporary name first and renamed into place, so no reader ever sees half a file.
import { open, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeJson(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(data));
  await rename(temporary, path);
}

/** How much text is gathered before each write of writeJsonEntries. */
const CHUNK = 1 << 20;

/** Writes the same bytes as writeJson(path, { ...head, [key]: Object.fromEntries(entries) }),
 * a piece at a time: a big archive's manifest or body index has an entry for each of 100,000
 * and more files, and made in one piece its text (tens of megabytes, built by doubling) is
 * live all at once at the end of the build, where the memory peaks. */
export async function writeJsonEntries(
  path: string,
  head: Record<string, unknown>,
  key: string,
  entries: Iterable<readonly [string, unknown]>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    const opening = JSON.stringify(head).slice(0, -1);
    let text = `${opening}${opening.length > 1 ? ',' : ''}${JSON.stringify(key)}:{`;
    let first = true;
    for (const [name, value] of entries) {
      const json = JSON.stringify(value);
      if (json === undefined) continue; // as JSON.stringify leaves out a property it cannot write
      text += `${first ? '' : ','}${JSON.stringify(name)}:${json}`;
      first = false;
      if (text.length >= CHUNK) {
        await file.write(text);
        text = '';
      }
    }
    await file.write(`${text}}}`);
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}
