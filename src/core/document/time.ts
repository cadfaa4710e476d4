/** Timestamps at the start of a timeline row, in the forms people write them. */
import type { TimelineTime } from '../types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets in minutes of the zone names seen in postmortems (standard time for the bare US letters). */
const ZONES: Record<string, number> = {
  z: 0,
  utc: 0,
  gmt: 0,
  pst: -480,
  pdt: -420,
  pt: -480,
  est: -300,
  edt: -240,
  et: -300,
  cst: -360,
  cdt: -300,
  ct: -360,
  mst: -420,
  mdt: -360,
  mt: -420,
  cet: 60,
  cest: 120,
  bst: 60,
  ist: 330,
  jst: 540,
  aest: 600,
  aedt: 660,
  eet: 120,
  eest: 180,
  wet: 0,
  west: 60,
};

// An offset's minutes are 00, 30 or 45: "09:47-09:48" is a range of times, not 09:47 at UTC-09:48.
const ZONE = String.raw`(Z|[+-](?:0\d|1[0-4]):?(?:00|30|45)(?!\d)|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|${Object.keys(
  ZONES,
)
  .filter((z) => z !== 'z' && z !== 'utc' && z !== 'gmt')
  .map((z) => z.toUpperCase())
  .join('|')}|(?:Eastern|Pacific|Central|Mountain)(?: (?:Standard |Daylight )?Time)?)`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s?([AaPp]\.?[Mm]\.?))?`;
const MONTH = String.raw`(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;

/** Leading markup a writer wraps a time in (bold, code, brackets, a typed bullet `•`), and a weekday before a date ("Mon 23 Nov 08:30"). */
const LEAD = String.raw`^[\s*_\`[(•◦▪‣]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s+(?=\d{1,2}\s+[A-Z]|[A-Z][a-z]+\.?\s+\d))?`;
const END = String.raw`(?!\w|:\d)`;
/** A zone may be followed by a colon ("11:00 UTC: alert fires"); so may a bare time ("09:12am: report"), but not by digits ("09:12:3"). */
const ZONE_OR_END = String.raw`(?:\s?${ZONE}(?![\w])|${END})`;

const FORMS: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Parts }> = [
  {
    // 2026-03-14T09:12:00Z, 2026-03-14 09:12 UTC
    re: new RegExp(LEAD + String.raw`(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(?:at\s+)?${TIME})?${ZONE_OR_END}`),
    read: (m) => ({
      y: +m[1]!,
      mo: +m[2]! - 1,
      d: +m[3]!,
      h: m[4],
      mi: m[5],
      s: m[6],
      ampm: m[7],
      zone: m[8],
    }),
  },
  {
    // March 14, 2026 09:12 UTC; Mar 14 09:12
    re: new RegExp(
      LEAD +
        MONTH +
        String.raw`\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?,?(?:\s+(?:at\s+)?${TIME})?${ZONE_OR_END}`,
    ),
    read: (m) => ({
      y: m[3] ? +m[3] : 2000,
      mo: monthIndex(m[1]!),
      d: +m[2]!,
      h: m[4],
      mi: m[5],
      s: m[6],
      ampm: m[7],
      zone: m[8],
      noYear: !m[3],
    }),
  },
  {
    // 14 March 2026 09:12; 29 Sep 18:00 (no year: a time of day is needed)
    re: new RegExp(
      LEAD +
        String.raw`(\d{1,2})\s+` +
        MONTH +
        String.raw`(?=,?\s+(?:\d{4}|(?:at\s+)?\d{1,2}:\d{2}))(?:,?\s+(\d{4}))?(?:,?\s+(?:at\s+)?${TIME})?${ZONE_OR_END}`,
    ),
    read: (m) => ({
      y: m[3] ? +m[3] : 2000,
      noYear: !m[3],
      mo: monthIndex(m[2]!),
      d: +m[1]!,
      h: m[4],
      mi: m[5],
      s: m[6],
      ampm: m[7],
      zone: m[8],
    }),
  },
  {
    // 09:12, 9:12 PM PT, 09:12:30Z
    re: new RegExp(LEAD + TIME + String.raw`${ZONE_OR_END}`),
    read: (m) => ({ h: m[1], mi: m[2], s: m[3], ampm: m[4], zone: m[5] }),
  },
];

interface Parts {
  y?: number;
  mo?: number;
  d?: number;
  h: string | undefined;
  mi: string | undefined;
  s: string | undefined;
  ampm: string | undefined;
  zone: string | undefined;
  noYear?: boolean;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** US zone names written out ("7:09 AM Eastern"), as standard time like the bare letters. */
const US_ZONE_NAMES: Record<string, number> = { eastern: -300, central: -360, mountain: -420, pacific: -480 };

function zoneMinutes(zone: string): number | undefined {
  const z = zone.toLowerCase().replace(/\s/g, '');
  if (z in ZONES) return ZONES[z];
  const named = /^(eastern|central|mountain|pacific)/.exec(z);
  if (named) return US_ZONE_NAMES[named[1]!];
  const m = /^(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/**
 * The time at the start of `raw` (source text whose first character is at `base`).
 * With `whole`, `raw` is a table cell and the time may be followed by nothing else useful.
 */
export function parseTime(raw: string, base: number, whole = false): TimelineTime | undefined {
  const text = raw.length > 200 ? raw.slice(0, 200) : raw;
  for (const form of FORMS) {
    const m = form.re.exec(text);
    if (!m) continue;
    const p = form.read(m);
    const lead = /^[\s*_`[(•◦▪‣]*/.exec(text)?.[0].length ?? 0;
    const matched = m[0].slice(lead).trimEnd();
    if (!whole && p.h === undefined && p.y === undefined) continue;
    let hour = p.h === undefined ? 0 : Number(p.h);
    const minute = p.mi === undefined ? 0 : Number(p.mi);
    const second = p.s === undefined ? 0 : Number(p.s);
    if (p.ampm) {
      const pm = /^p/i.test(p.ampm);
      if (hour === 12) hour = pm ? 12 : 0;
      else if (pm) hour += 12;
    }
    if (hour > 24 || minute > 59 || second > 60) continue;
    const offset = p.zone === undefined ? 0 : (zoneMinutes(p.zone) ?? 0);
    const hasDate = p.y !== undefined && p.mo !== undefined && p.mo >= 0 && p.d !== undefined;
    const dayMs = hasDate ? Date.UTC(p.y!, p.mo!, p.d!) : 0;
    const value = dayMs + ((hour * 60 + minute - offset) * 60 + second) * 1000;
    return {
      text: matched,
      range: { start: base + lead, end: base + lead + matched.length },
      value: Number.isFinite(value) ? value : undefined,
      hasZone: p.zone !== undefined,
      hasDate: hasDate && !p.noYear,
    };
  }
  return undefined;
}
