import fs from 'node:fs';
import type { Card } from '../cards/card.js';
import { readCards } from '../cards/read.js';
import type { Config } from '../config/config.js';
import { readConfig } from '../config/read.js';
import { diagnostic, hasErrors, type Diagnostic } from '../errors.js';
import type { Graph } from '../graph/build.js';
import { layoutOf, rel, type Layout } from '../state/layout.js';
import { checkWorkspaces } from '../workspace/check.js';
import { checkProject } from './check.js';

export interface Project {
  layout: Layout;
  config: Config;
  cards: Card[];
  graph: Graph;
  diagnostics: Diagnostic[];
}

/** Read the config and every card under `root`/.orchestrator and check them together. */
export function loadProject(root: string): Project {
  const layout = layoutOf(root);
  if (!fs.existsSync(layout.dir)) {
    const config = readConfig(layout.config, rel(layout, layout.config)).config;
    return {
      layout, config, cards: [], graph: { cards: new Map(), order: [], dependents: new Map() },
      diagnostics: [diagnostic('STATE_MISSING', `no ${rel(layout, layout.dir)}/ folder here`, { hint: 'run `orch init` first' })],
    };
  }
  const { config, diagnostics: configDiagnostics } = readConfig(layout.config, rel(layout, layout.config));
  const read = readCards(layout.tasks, (f) => rel(layout, f));
  const checked = checkProject(read.cards, config, read.brokenIds);
  // a card in a worktree outside git: read from .git's files, no git process (loadProject runs often)
  const diagnostics = [...configDiagnostics, ...read.diagnostics, ...checked.diagnostics, ...checkWorkspaces(layout.root, read.cards, config)];
  const tasks = `${rel(layout, layout.tasks)}/`;
  if (!read.cards.length && !read.brokenIds.length && !hasErrors(diagnostics)) {
    diagnostics.push(read.folder
      ? diagnostic('CARD_NONE', `no cards in ${tasks}: there is nothing to run`, {
        place: { file: tasks.replace(/\/$/, '') }, hint: `write a card as ${tasks}<id>.md (\`orch add --id … --body …\`)`,
      })
      : diagnostic('CARD_NONE', `no ${tasks} folder: there is nothing to run`, {
        place: { file: rel(layout, layout.dir) }, hint: `create ${tasks} with a card in it (\`orch add --id … --body …\` does both)`,
      }));
  }
  return { layout, config, cards: read.cards, graph: checked.graph, diagnostics };
}
