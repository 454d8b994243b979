import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);

/**
 * Markdown (a result, the report) as HTML that cannot run script: raw HTML in the markdown is dropped
 * by remark-rehype, and what is left passes rehype-sanitize's GitHub schema (no script, no event
 * handlers, no javascript: links). The page's Content-Security-Policy is the second wall.
 */
export function markdownToSafeHtml(markdown: string): string {
  return String(processor.processSync(markdown));
}
