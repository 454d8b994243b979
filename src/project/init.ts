import fs from 'node:fs';
import path from 'node:path';
import { OrchError } from '../errors.js';
import { layoutOf, rel } from '../state/layout.js';
import { packageRoot } from '../util/package-root.js';

export interface InitResult {
  created: string[];
  kept: string[];
}

/**
 * Create .orchestrator/ from the template. An existing folder is left alone (INIT_EXISTS) unless
 * `force`, which adds missing template files and never overwrites or deletes anything.
 */
export function initProject(root: string, options: { force?: boolean; bare?: boolean; template?: string } = {}): InitResult {
  const layout = layoutOf(root);
  const template = options.template ?? path.join(packageRoot(), '.orchestrator-template');
  if (fs.existsSync(layout.dir) && !options.force) {
    throw new OrchError('INIT_EXISTS', `${rel(layout, layout.dir)}/ already exists; nothing changed`, {
      hint: 'edit it, or run `orch init --force` to add missing template files (nothing is overwritten)',
    });
  }
  const result: InitResult = { created: [], kept: [] };
  // --bare: the settings and the folders, no sample card.
  const skip = options.bare ? path.join(template, 'tasks') : undefined;
  copyMissing(template, layout.dir, (file, created) => (created ? result.created : result.kept).push(rel(layout, file)), skip);
  for (const dir of [layout.tasks, layout.results, layout.logs]) fs.mkdirSync(dir, { recursive: true });
  return result;
}

function copyMissing(from: string, to: string, report: (file: string, created: boolean) => void, skip?: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (source === skip) continue;
    if (entry.isDirectory()) copyMissing(source, target, report, skip);
    else if (fs.existsSync(target)) report(target, false);
    else {
      fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
      report(target, true);
    }
  }
}
