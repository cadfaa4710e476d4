/** A vendor outage as the cause, with nothing said about the tier beneath the vendor. */
import {
  aiSignals,
  body,
  bodyParagraphs,
  findIn,
  sectionBlocks,
  sectionsOf,
  blockOf,
  labelledBlocks,
  sentences,
  type Block,
} from './_ai-signals.js';
import type { PostmortemDocument } from '../document/parse.js';
import { matchesIn, memoText, namesIn } from '../memo.js';
import type { TextRange } from '../types.js';
import { phraseRegExp } from './phrases.js';
import { defineRule } from './rule.js';
import { namedVendorProblem, tierBeneath, vendorNames, vendorProblem } from './ai/vendors.js';

export default defineRule({
  id: 'fourth-party',
  meta: {
    summary: 'A vendor outage as the cause must name the tier beneath the vendor, or say it is unknown',
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A provider outage with no tier beneath it is reported',
        input:
          '# Assistant down\n\nThe LLM support assistant failed for 47 minutes.\n\n## Root cause\n\nUpstream provider outage.\n',
        output: [
          '7:10-7:25 warning The cause is a vendor outage (`provider outage`) but no tier beneath the vendor is named; name its cloud, region or upstream model host, or say it is unknown  fourth-party',
        ],
      },
      {
        name: "Naming the provider's region passes",
        input:
          "# Assistant down\n\nThe LLM support assistant failed for 47 minutes.\n\n## Root cause\n\nUpstream provider outage, caused by a capacity shortage in the provider's Azure region (East US 2).\n",
        output: [],
      },
      {
        name: 'A vendor outage in an incident without AI passes',
        input: '# Images down\n\n## Root cause\n\nThird-party outage at our CDN provider.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    if (!aiSignals(document, phrases).involved) return;
    const later = sectionsOf(document, ['action-items', 'lessons']).map((s) => s.range.start);
    const all = body(document);
    const end = later.length > 0 ? Math.min(...later) : all.range.end;
    // The cause is what the root cause says when there is one; a vendor outage suspected in the summary and ruled out
    // later is not the cause.
    // A contributing cause is a cause too ("Main contributing cause: Clearwell had a degradation").
    const rootCause = [
      ...aiSignals(document, phrases).rootCause,
      ...sectionBlocks(document, ['contributing-factors']),
      ...labelledBlocks(document, String.raw`(?:main |primary |a )?contributing (?:causes?|factors?)`),
    ];
    rootCause.push(...boldLabelled(document));
    const blocks =
      rootCause.length > 0
        ? rootCause
        : [...sectionBlocks(document, ['summary']), blockOf(document.text, { start: all.range.start, end })];
    // The whole-document scans go paragraph by paragraph, each paragraph's answer remembered (memo.ts).
    const paras = bodyParagraphs(document);
    const names = namesIn(vendorNamesIn, paras);
    const hit =
      findIn(blocks, phraseRegExp(phrases.vendor_outage)) ??
      vendorProblemIn(blocks) ??
      namedVendorOutage(blocks, all, document.text) ??
      namedProblemIn(blocks, names);
    if (!hit) return;
    const chain = document.frontmatter?.data?.dependency_chain;
    const deep =
      Array.isArray(chain) &&
      chain.some(
        (d) =>
          d &&
          typeof d === 'object' &&
          (Number((d as Record<string, unknown>).tier) >= 3 ||
            (d as Record<string, unknown>).region !== undefined),
      );
    if (
      deep ||
      matchesIn(phraseRegExp(phrases.fourth_party_tiers), paras) ||
      paras.some((p) => tierIn(p.text))
    )
      return;
    report({
      range: hit.range,
      message: `The cause is a vendor outage (\`${hit.text}\`) but no tier beneath the vendor is named; name its cloud, region or upstream model host, or say it is unknown`,
    });
  },
});

/** A vendor problem in any wording ("a problem at the LLM vendor we call"), in the first block that has one. */
function vendorProblemIn(blocks: readonly Block[]): { range: TextRange; text: string } | undefined {
  for (const block of blocks) {
    const hit = vendorProblem(block.text);
    if (hit)
      return {
        range: { start: block.range.start + hit.index, end: block.range.start + hit.index + hit.text.length },
        text: hit.text,
      };
  }
  return undefined;
}

/** A bold line of its own that names the contributing factors ("**Contributing Factors**"), and the lines under it. */
const BOLD_CONTRIBUTING =
  /^[ \t]*(?:\*\*|__)(?:main |primary )?contributing (?:factors?|causes?)(?:\*\*|__)[ \t]*$/gim;
function boldLabelled(document: PostmortemDocument): Block[] {
  const source = document.text;
  const out: Block[] = [];
  for (const p of bodyParagraphs(document)) {
    for (const at of boldContributing(p.raw)) {
      const start = p.start + at;
      const blank = /\n[ \t]*\r?\n/g;
      blank.lastIndex = start + 1;
      const end = blank.exec(source)?.index ?? source.length;
      if (end > start) out.push(blockOf(source, { start, end }));
    }
  }
  return out;
}

/** Where the lines under a bold contributing-factors line start, in one paragraph's source text; remembered. */
const boldContributing = memoText((raw: string) => {
  const out: number[] = [];
  BOLD_CONTRIBUTING.lastIndex = 0;
  for (let m = BOLD_CONTRIBUTING.exec(raw); m; m = BOLD_CONTRIBUTING.exec(raw))
    out.push(m.index + m[0].length);
  BOLD_CONTRIBUTING.lastIndex = 0;
  return out;
});
const vendorNamesIn = memoText(vendorNames);
const tierIn = memoText(tierBeneath);

/** A named vendor's problem or a vendor's model change, in the first sentence that has one. */
function namedProblemIn(
  blocks: readonly Block[],
  names: readonly string[],
): { range: TextRange; text: string } | undefined {
  for (const block of blocks) {
    const hit = namedVendorProblem(block.text, names);
    if (hit)
      return {
        range: { start: block.range.start + hit.index, end: block.range.start + hit.index + hit.text.length },
        text: hit.text,
      };
  }
  return undefined;
}

/**
 * "Acme Labs had an incident": the cause names a company, not the word vendor. It is a vendor outage when the document
 * calls that name a vendor, provider, company or third party somewhere ("a hosted API from a separate company, Acme
 * Labs"); "Postgres had an incident" in a document that never calls Postgres a provider is not.
 */
const NAMED_OUTAGE =
  /(?<![\p{L}\d-])(\p{Lu}[\p{L}\d&.-]*(?:\s+\p{Lu}[\p{L}\d&.-]*){0,2})(?:'s(?:\s+[\w-]+){0,2}?)?\s+(?:had|has|suffered|reported|experienced)\s+(?!(?:no|not|never|zero)\b)(?:[\w-]+\s+){0,3}?(?:outage|incident|brownout|degradation|disruption)s?(?![\w-])/u;
const THIRD_PARTY = /\b(?:vendor|provider|supplier|company|third[- ]party|partner|saas)s?\b/i;
const NOT_A_NAME = new Set([
  'We',
  'Our',
  'The',
  'It',
  'Its',
  'This',
  'That',
  'They',
  'Their',
  'Everything',
  'Nothing',
  'Nobody',
  'Production',
  'Staging',
]);

function namedVendorOutage(
  blocks: readonly Block[],
  all: Block,
  source: string,
): { range: TextRange; text: string } | undefined {
  const hit = findIn(blocks, NAMED_OUTAGE);
  if (!hit) return undefined;
  const words = NAMED_OUTAGE.exec(hit.text)?.[1]?.split(/\s+/) ?? [];
  // "Then Acme Labs had…": the name is the longest tail of the capitalised words that the document calls a vendor.
  const names = words
    .map((_, i) => words.slice(i).join(' '))
    .filter((n) => !NOT_A_NAME.has(n.split(' ')[0]!));
  const said = sentences(all, source);
  return names.some((name) =>
    said.some((s) => s.text.includes(name) && THIRD_PARTY.test(s.text.replace(name, ''))),
  )
    ? hit
    : undefined;
}
