import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type GrayMatter from 'gray-matter';

/** A card file cut in two by gray-matter: the YAML between the `---` lines, and the body after them. */
export interface FrontMatterSplit {
  /** The YAML text, starting on the opening `---` line (so its line N is the file's line N). */
  yaml: string;
  body: string;
  /** The file's line where the body starts. */
  bodyLine: number;
}

export type FrontMatterProblem = 'open' | 'close' | { language: string };

const require = createRequire(import.meta.url);
let loaded: typeof GrayMatter | undefined;

/**
 * gray-matter, loaded on first use. Its default engine is js-yaml, which costs ~70 ms of CPU at
 * load and which orch never calls (the YAML is parsed by `yaml`, with positions): gray-matter gets
 * a stand-in that refuses, so js-yaml is not loaded at all.
 */
function grayMatter(): typeof GrayMatter {
  if (loaded) return loaded;
  const jsYaml = require.resolve('js-yaml', { paths: [path.dirname(require.resolve('gray-matter'))] });
  if (!require.cache[jsYaml]) {
    const unused = () => {
      throw new Error('js-yaml is not used: front matter is parsed by yaml');
    };
    const stub = new Module(jsYaml);
    Object.assign(stub, { filename: jsYaml, loaded: true, exports: { safeLoad: unused, safeDump: unused, load: unused, dump: unused } });
    require.cache[jsYaml] = stub;
  }
  return (loaded = require('gray-matter') as typeof GrayMatter);
}

/** Only YAML: gray-matter's `---js` engine would evaluate the card's text. */
const refuse = (language: string) => () => {
  throw new UnsupportedLanguage(language);
};
class UnsupportedLanguage extends Error {
  constructor(readonly language: string) {
    super(`front matter language "${language}"`);
  }
}

interface Raw {
  raw: string;
}

/** Split a text, or say what is wrong: no opening `---` line, no closing one, or a language other than YAML. */
export function splitFrontMatter(text: string): FrontMatterSplit | FrontMatterProblem {
  if (!/^---[ \t]*\r?\n/.test(text.replace(/^\ufeff/, ''))) return 'open';
  if (!/\r?\n---[ \t]*(?:\r?\n|$)/.test(text)) return 'close';
  let file: GrayMatter.GrayMatterFile<string>;
  try {
    file = grayMatter()(text, {
      language: 'yaml',
      engines: {
        yaml: { parse: (raw: string): object => ({ raw }) satisfies Raw, stringify: () => '' },
        js: refuse('js'), javascript: refuse('javascript'), json: refuse('json'), toml: refuse('toml'),
        coffee: refuse('coffee'),
      },
    });
  } catch (error) {
    if (error instanceof UnsupportedLanguage) return { language: error.language };
    throw error;
  }
  // gray-matter's matter starts with the rest of the opening line; drop it, keep the line break.
  const yaml = file.matter.replace(/\r$/, '').replace(/^[^\n]*/, '');
  // gray-matter keeps what followed the closing `---` on its line.
  const body = file.content.replace(/^[ \t]+\r?\n/, '');
  return { yaml, body, bodyLine: yaml.split('\n').length + 2 };
}

/** Front matter then body, written by gray-matter; `yaml` is the mapping's text ending in a newline. */
export function stringifyFrontMatter(body: string, yaml: string): string {
  return grayMatter().stringify(body, {}, {
    language: 'yaml',
    engines: { yaml: { parse: () => ({}), stringify: () => yaml } },
  });
}

/** The front matter and body of a text that has well-formed YAML front matter, else undefined. */
export function readFrontMatter(text: string): FrontMatterSplit | undefined {
  const split = splitFrontMatter(text);
  return typeof split === 'object' && 'yaml' in split ? split : undefined;
}
