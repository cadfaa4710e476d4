/** The one Markdown processor of the core: CommonMark + GFM + YAML/TOML frontmatter (remark). */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm);

/** Parse a whole text in one go (the plain path every faster parser must equal). */
export function parseMarkdown(text: string): Root {
  return markdownProcessor.parse(text) as Root;
}
