import fs from 'node:fs';

/** A file an agent wrote for orch: its text, then the file is gone; undefined if it was not written. */
export function takeFile(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    fs.rmSync(file, { force: true });
    return text;
  } catch {
    return undefined;
  }
}
