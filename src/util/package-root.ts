import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root folder (holds .orchestrator-template/, skill/, examples/). */
export function packageRoot(): string {
  // this file is dist/util/package-root.js (or src/util/package-root.ts under test)
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}
