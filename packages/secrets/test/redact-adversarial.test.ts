/**
 * A pathology check, not a benchmark: every detector, and the whole
 * redactor, runs over 1 MB adversarial inputs (long runs of its own
 * keywords, of keyword + charset, of single characters) within a generous
 * budget. Catastrophic backtracking or a quadratic scan would take seconds.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTORS, ENTROPY_DETECTOR } from '../src/redact/detectors/index.js';
import { createRedactor } from '../src/redact/redactor.js';
import type { Detector } from '../src/redact/types.js';

const MB = 1 << 20;
const BUDGET_MS_PER_MB = 200;

/** `unit` repeated to 1 MB. */
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const GENERIC: Record<string, string> = {
  a: fill('a'),
  '=': fill('='),
  '0': fill('0'),
  A: fill('A'),
  '-': fill('-'),
  space: fill(' '),
  newline: fill('\n'),
  'base64 charset': fill('aZ09+/'),
  'token charset': fill('aB3-_'),
  'escaped newlines': fill('\\n'),
  brackets: fill('[a]'),
  'name=value': fill('a=Zx9vQ2mPk3Lr8sT1wY6uB4nC7dE0fG5h '),
  'credentials in URLs': fill('https://ab:pass1234@h'),
  'service-account types': fill('{"type":"service_account",'),
  'PEM headers': fill('-----BEGIN PRIVATE KEY-----\n'),
  'unterminated PEM bodies': fill(
    `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(300)}\n`,
  ),
  'JWT-like segments': fill('eyJhbGciOiJIUzI1NiJ9.eyJ'),
};

/** Inputs aimed at one detector: runs of its keywords, alone and followed by its likely charset. */
function aimedAt(d: Detector): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const k of d.keywords) {
    inputs[`${JSON.stringify(k)} repeated`] = fill(k);
    inputs[`${JSON.stringify(k)} + charset`] = fill(`${k}${'Ab1'.repeat(30)}`);
    inputs[`${JSON.stringify(k)} = value`] = fill(`${k}=${'x1'.repeat(30)}&`);
  }
  return inputs;
}

/** Milliseconds of the fastest of up to three runs (one is enough unless the machine hiccups). */
function fastest(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 && best > BUDGET_MS_PER_MB; i++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('no detector is pathological on 1 MB adversarial input', () => {
  it.each([...DEFAULT_DETECTORS, ENTROPY_DETECTOR].map((d, i) => [`${d.id} #${i}`, d] as const))(
    '%s',
    (_name, d) => {
      const slow: string[] = [];
      for (const [name, text] of Object.entries({ ...GENERIC, ...aimedAt(d) })) {
        const ms = fastest(() => d.find(text));
        if (ms > BUDGET_MS_PER_MB) slow.push(`${name}: ${ms.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    },
  );

  it('the whole redactor (entropy and values included)', () => {
    const r = createRedactor({ entropy: true, values: ['Zx9vQ2', 'aaaa', 'pass1234'] });
    const slow: string[] = [];
    for (const [name, text] of Object.entries(GENERIC)) {
      const ms = fastest(() => r.find(text));
      if (ms > BUDGET_MS_PER_MB) slow.push(`${name}: ${ms.toFixed(0)} ms`);
    }
    expect(slow).toEqual([]);
  });
});
