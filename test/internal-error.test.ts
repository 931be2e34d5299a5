// An unexpected failure inside masthead (a bug, not bad content) is reported as such: what
// happened, a hint to report it, exit status 1, and the previous site left alone.
import { afterEach, expect, it, vi } from 'vitest';

vi.mock('../src/build.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/build.ts')>();
  return {
    ...original,
    build: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'slug')");
    },
  };
});

afterEach(() => {
  vi.restoreAllMocks();
});

it('says an internal error happened, what it was and to report it, and exits 1', async () => {
  const { main } = await import('../src/cli.ts');
  const { copyFixture } = await import('./helpers.ts');
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const root = copyFixture('basic');
  const code = await main(['build', '--root', root, '--now', '2023-07-01T12:00:00Z']);
  expect(code).toBe(1);
  expect(errors[0]).toBe("masthead: internal error: Cannot read properties of undefined (reading 'slug')");
  expect(errors[1]).toMatch(/bug in masthead, not in your content.*report it/);
});
