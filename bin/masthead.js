#!/usr/bin/env node
// Entry point for `masthead`: runs the TypeScript source directly through tsx, so every run
// uses the current source and there is no compiled copy to go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
