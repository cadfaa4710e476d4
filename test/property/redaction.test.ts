/** Properties of the trace redaction (src/core/trace/redact.ts): a planted secret never survives. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Redactor, findSecrets } from '../../src/core/trace/redact.js';
import { anyUtf16, params } from './support.js';

const chars = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64URL = `${ALNUM}_-`;

/** Secrets of every kind the redactor promises to catch (notes/security.md). */
const secret = fc.oneof(
  fc.tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER_DIGITS, 16, 16)).map(([p, s]) => p + s),
  chars(ALNUM, 36, 40).map((s) => `ghp_${s}`),
  chars(`${ALNUM}_`, 22, 60).map((s) => `github_pat_${s}`),
  chars(`${ALNUM}-`, 10, 40).map((s) => `xoxb-${s}`),
  fc
    .tuple(chars(B64URL, 5, 40), chars(B64URL, 5, 40), chars(B64URL, 5, 40))
    .map(([a, b, c]) => `eyJ${a}.${b}.${c}`),
  chars(`${ALNUM}._~+/-`, 8, 40).map((s) => `Bearer ${s}`),
  chars(`${ALNUM}+/`, 10, 80).map(
    (s) => `-----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY-----`,
  ),
  fc
    .tuple(chars('abcdefghij._', 1, 10), chars('abcdefgh', 1, 10))
    .map(([u, d]) => `${u.replace(/^[._]+|[._]+$/g, '') || 'u'}@${d}.com`),
  fc.tuple(chars(ALNUM, 3, 10), chars(ALNUM, 3, 10)).map(([u, p]) => `https://${u}:${p}@host.example/path`),
  fc
    .tuple(
      fc.constantFrom('X-Amz-Signature', 'X-Amz-Credential', 'Signature', 'sig', 'X-Goog-Signature'),
      chars(ALNUM, 8, 40),
    )
    .map(([k, v]) => `https://bucket.example/o?${k}=${v}`),
  chars(`${ALNUM}_-`, 16, 48).map((s) => `sk-${s}`),
);

/** Text around a secret: anything, then a separator so a word boundary exists. */
const surrounding = fc.tuple(
  fc.oneof(anyUtf16, fc.string({ maxLength: 40 })),
  fc.constantFrom(' ', '\n', '"', "'", '=', ': ', '\t', '(', ','),
);

describe('trace redaction', () => {
  it('masks every planted secret, whatever surrounds it, and never shows its value', () => {
    fc.assert(
      fc.property(surrounding, secret, surrounding, ([before, l], s, [after, r]) => {
        const value = `${before}${l}${s}${r === '(' ? ')' : r}${after}`;
        const redactor = new Redactor(true);
        const masked = redactor.mask(value, 1_000_000);
        assert.ok(
          !masked.includes(s.replace(/\s+/g, ' ').trim()),
          `secret survived in ${JSON.stringify(masked)}`,
        );
        assert.ok(masked.includes('[REDACTED]'));
        assert.ok(redactor.maskedSecrets >= 1);
        assert.equal(
          new Redactor(true).metadata(value),
          undefined,
          'a metadata value with a secret is dropped',
        );
      }),
      params(400),
    );
  });

  it('never throws, keeps found spans inside the value, is deterministic, and withholds content unless asked', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyUtf16, fc.string({ maxLength: 300 })),
        fc.integer({ min: 1, max: 400 }),
        (value, max) => {
          for (const s of findSecrets(value))
            assert.ok(s.start >= 0 && s.start < s.end && s.end <= value.length);
          const a = new Redactor(true).mask(value, max);
          assert.equal(new Redactor(true).mask(value, max), a);
          assert.ok(a.length <= max);
          const off = new Redactor(false);
          assert.equal(off.content(value), undefined);
          const meta = new Redactor(false).metadata(value);
          if (meta !== undefined) assert.equal(findSecrets(meta).length, 0);
        },
      ),
      params(300),
    );
  });
});
