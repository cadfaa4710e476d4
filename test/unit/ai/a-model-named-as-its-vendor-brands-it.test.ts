/** A model written as its vendor brands it makes a document about AI (ai/actors.ts); a word that only looks like one does not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, parsePostmortem } from '../../../src/core/index.js';
import { aiSignals } from '../../../src/core/rules/_ai-signals.js';

const involved = (text: string) =>
  aiSignals(parsePostmortem(`# X\n\n${text}\n`), DEFAULT_CONFIG.phrases).involved;

describe('model names as vendors brand them', () => {
  for (const text of [
    'Routing moved to Claude Sonnet 4 at noon.',
    'Thumbnails came from Imagen 2.',
    'We pinned GPT-4o.',
    'The fallback was Gemini 2.5 Flash.',
    'Summaries ran on Phi-3 Mini.',
  ]) {
    it(`reads an AI system in: ${text}`, () => assert.equal(involved(text), true));
  }
  for (const text of [
    'The llama farm booking site was down.',
    'Our office in Nova Scotia lost power.',
    'The Falcon 9 launch was scrubbed.',
    'The Phi Beta Kappa dinner moved to May.',
  ]) {
    it(`reads no AI system in: ${text}`, () => assert.equal(involved(text), false));
  }
});
