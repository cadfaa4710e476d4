/**
 * The statistics of a behavior rate, as pure functions: the Wilson score interval of k failures in
 * n replays, whether two rates can be told apart, and how many replays it takes to tell them apart.
 * No I/O, no clock; every function is total on its documented domain and returns `undefined`
 * (never throws, never NaN) outside it.
 */

export interface RateInterval {
  readonly low: number;
  readonly high: number;
}

/** Evaluates the polynomial with coefficients `c` (lowest degree first) at `x`. */
function poly(c: readonly number[], x: number): number {
  let y = 0;
  for (let i = c.length - 1; i >= 0; i--) y = y * x + c[i]!;
  return y;
}

// Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988): about 1e-16 relative accuracy.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** The standard normal quantile (inverse CDF) on (0, 1), by AS 241. */
export function normalQuantile(p: number): number | undefined {
  if (!(p > 0 && p < 1)) return undefined;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    x = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -x : x;
}

/** The two-sided z for a confidence level (0.95 → 1.959964…). */
export function zFor(confidence: number): number | undefined {
  if (!(confidence > 0 && confidence < 1)) return undefined;
  return normalQuantile(1 - (1 - confidence) / 2);
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/**
 * The Wilson score interval of `failures` in `replays` at `confidence` (default 95%):
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). `undefined` unless 0 ≤ failures ≤ replays, replays ≥ 1.
 */
export function wilsonInterval(
  failures: number,
  replays: number,
  confidence = 0.95,
): RateInterval | undefined {
  const z = zFor(confidence);
  if (z === undefined || !isCount(failures) || !isCount(replays) || replays < 1 || failures > replays)
    return undefined;
  const n = replays;
  const p = failures / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  // At k = 0 and k = n the bounds are exactly 0 and 1; rounding must not push them past.
  const low = failures === 0 ? 0 : Math.max(0, (centre - half) / scale);
  const high = failures === n ? 1 : Math.min(1, (centre + half) / scale);
  return { low, high };
}

/** Round to `digits` decimals for writing (4: a hundredth of a percent). */
export function roundRate(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface RateComparison {
  readonly before: RateInterval;
  readonly after: RateInterval;
  /** Whether the after-interval reaches the before-interval: the data cannot say the rate fell. */
  readonly overlaps: boolean;
  /**
   * The fewest replays after the fix that, with no failure at all, give an interval entirely below
   * the before-interval; `undefined` when no sample can (the before-rate's lower bound is 0).
   */
  readonly replaysNeeded: number | undefined;
}

/**
 * Whether a fix is shown by `after` (k of n after the fix) against `before` (k of n before it): the
 * two Wilson intervals at `confidence` must not overlap. `undefined` for counts out of range.
 */
export function compareRates(
  before: { failures: number; replays: number },
  after: { failures: number; replays: number },
  confidence = 0.95,
): RateComparison | undefined {
  const b = wilsonInterval(before.failures, before.replays, confidence);
  const a = wilsonInterval(after.failures, after.replays, confidence);
  const z = zFor(confidence);
  if (!b || !a || z === undefined) return undefined;
  return { before: b, after: a, overlaps: a.high >= b.low, replaysNeeded: replaysToRuleOut(b.low, z) };
}

/**
 * The smallest n whose Wilson upper bound for 0 failures, z²/(n+z²), is below `rate`:
 * n > z²(1−rate)/rate. `undefined` for a rate of 0 (nothing is below it) or out of (0, 1].
 */
export function replaysToRuleOut(rate: number, z: number): number | undefined {
  if (!(rate > 0 && rate <= 1) || !(z > 0)) return undefined;
  const z2 = z * z;
  let n = Math.max(1, Math.floor((z2 * (1 - rate)) / rate));
  // Step past floating-point ties so the bound is strictly below.
  while (z2 / (n + z2) >= rate) n++;
  return n;
}
