import { describe, expect, it } from 'vitest';
import { neutraliseMermaidSource } from './result-mermaid.js';

describe('neutraliseMermaidSource', () => {
  it.each([
    ['drops a click with href', 'flowchart TD\n  A --> B\n  click A href "https://evil.example" _blank\n', 'flowchart TD\n  A --> B\n'],
    ['drops a click with call', 'flowchart TD\n  A --> B\n  click B call steal()\n', 'flowchart TD\n  A --> B\n'],
    ['drops a click callback', 'graph LR\n  A-->B\n  click A callback "tip"\n', 'graph LR\n  A-->B\n'],
    ['drops a click after a semicolon', 'flowchart TD\n  A --> B; click A href "x"\n', 'flowchart TD\n'],
    ['drops a click in any case', 'flowchart TD\n  A\n  CLICK A href "x"\n', 'flowchart TD\n  A\n'],
    ['drops a gantt click', 'gantt\n  task :a1, 2024-01-01, 1d\n  click a1 href "https://x"\n', 'gantt\n  task :a1, 2024-01-01, 1d\n'],
    ['drops class diagram links and callbacks', 'classDiagram\n  class A\n  link A "https://x"\n  callback A "f"\n', 'classDiagram\n  class A\n'],
    ['drops an init directive', '%%{init: {"securityLevel": "loose"}}%%\nflowchart TD\n  A\n', '\nflowchart TD\n  A\n'],
    ['drops front matter config', '---\nconfig:\n  securityLevel: loose\n---\nflowchart TD\n  A\n', 'flowchart TD\n  A\n'],
  ])('%s', (_name, source, expected) => {
    expect(neutraliseMermaidSource(source)).toBe(expected);
  });

  it.each([
    ['a flowchart without links', 'flowchart TD\n  A["click here"] --> B\n  linkStyle 0 stroke:#f00\n'],
    ['a node named link in a flowchart', 'flowchart TD\n  link --> B\n'],
  ])('keeps %s as written', (_name, source) => {
    expect(neutraliseMermaidSource(source)).toBe(source);
  });
});
