/**
 * Actors: model and product names as vendors brand them ("Claude Sonnet 4", "Imagen 2", "GPT-4o"), from `actors.json`.
 * The generic heads and the people and daemons among them are still in `_ai-signals.ts` (see ARCHITECTURE.md).
 */
import data from './actors.json' with { type: 'json' };

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ -]');
const FAMILY = data.families.map(escape).join('|');
const TIER = data.tiers.map(escape).join('|');
/** A family with a version ("Imagen 2", "GPT-4o", "Llama 3.1") or a tier ("Claude Sonnet", "Gemini Flash"), or a standalone name. */
export const MODEL_NAME = new RegExp(
  String.raw`(?<![\w-])(?:(?:${data.standalone.map(escape).join('|')})|(?:${FAMILY})(?:[- ]?v?\d[\w.]*|(?:[ -](?:${TIER}))+(?:[ -]v?\d[\w.]*)?))(?![\w])`,
);
