import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** hashText-compatible hash of a file's content, read in chunks (a result may be gigabytes). */
export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.update('\0').digest('hex').slice(0, 16);
}
