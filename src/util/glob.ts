import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';

let loaded: typeof picomatchType | undefined;

/** picomatch, loaded on first use: most runs have no glob to match, and start-up is latency. */
export function picomatch(): typeof picomatchType {
  return (loaded ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType);
}
