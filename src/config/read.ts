import fs from 'node:fs';
import type { Diagnostic } from '../errors.js';
import type { Config } from './config.js';
import { defaultConfig, parseConfig } from './parse.js';

/** Read orchestrator.yaml; a missing file means the defaults. */
export function readConfig(file: string, shown: string): { config: Config; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { config: defaultConfig(shown), diagnostics: [] };
  }
  return parseConfig(text, shown);
}
