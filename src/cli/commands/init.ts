/** `sweepscope init [FILE]`: write the commented example config. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleConfigYaml } from '../../config/example-config.js';
import { errors } from '../../errors.js';

export interface InitOptions {
  file: string;
  /** overwrite an existing file */
  force?: boolean;
}

/** Writes the example config and returns its absolute path. */
export function initCommand(opts: InitOptions): string {
  const file = path.resolve(opts.file);
  try {
    // 'wx' refuses an existing file atomically, so there is no check-then-write race
    writeFileSync(file, exampleConfigYaml(), { flag: opts.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw errors.usage(`${file} already exists; pass --force to overwrite it`);
    }
    throw e;
  }
  return file;
}
