import fs from 'node:fs';
import { diagnostic, type Diagnostic } from '../errors.js';
import type { Config } from './config.js';
import { defaultConfig, parseConfig } from './parse.js';

/** Read orchestrator.yaml; a missing file means the defaults, anything but a regular file is an error. */
export function readConfig(file: string, shown: string): { config: Config; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return { config: defaultConfig(shown), diagnostics: [diagnostic('CONFIG_YAML', `${stat.isDirectory() ? 'a directory' : 'not a regular file'}, not a settings file`, {
        place: { file: shown }, hint: 'orchestrator.yaml must be a YAML file: remove or rename this entry',
      })] };
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { config: defaultConfig(shown), diagnostics: [] };
    return { config: defaultConfig(shown), diagnostics: [diagnostic('IO', `cannot read settings: ${code ?? error}`, { place: { file: shown } })] };
  }
  return parseConfig(text, shown);
}
