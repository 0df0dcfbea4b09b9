import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** `packageName`'s directory in node_modules (its files are build inputs). */
export function packageDirectory(packageName: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`));
}
