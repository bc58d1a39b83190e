/**
 * The redaction engine: every known shape is found exactly, word boundaries
 * hold, findings never carry the secret, exact values are found in every
 * encoding, and options are validated.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTORS, ENTROPY_DETECTOR } from '../src/redact/detectors/index.js';
import { createRedactor, DEFAULT_REPLACEMENT, findSecrets, redact } from '../src/redact/redactor.js';
import type { Detector } from '../src/redact/types.js';
import { valueVariants } from '../src/redact/values.js';
import { embed, random, SAMPLES } from './redact-samples.js';

describe('known shapes', () => {
  it.each(SAMPLES.map((s) => [s.type, s] as const))('%s is found exactly', (_type, sample) => {
    const { text, start } = embed(sample);
    const end = start + sample.secret.length;
    // Only the secret itself: its context may hold another secret (an AWS key id next to its key).
    const found = findSecrets(text).filter((f) => f.start < end && f.end > start);
    expect(found.map((f) => [f.type, f.start, f.end])).toEqual([[sample.type, start, end]]);
    const out = redact(text);
    expect(out).not.toContain(sample.secret);
    expect(out.endsWith(`${DEFAULT_REPLACEMENT}${text.slice(end)}`)).toBe(true);
  });

  it('covers every provider family of the brief', () => {
    const types = new Set(DEFAULT_DETECTORS.map((d) => d.id));
    for (const t of [
      'openai-api-key',
      'anthropic-api-key',
      'aws-access-key-id',
      'aws-secret-access-key',
      'github-token',
      'github-fine-grained-pat',
      'gitlab-token',
      'slack-token',
      'slack-webhook',
      'stripe-secret-key',
      'gcp-api-key',
      'gcp-service-account',
      'gcp-service-account-p12',
      'private-key',
      'jwt',
      'npm-access-token',
      'huggingface-token',
      'sendgrid-api-key',
      'twilio-api-key',
      'azure-client-secret',
      'shopify-token',
      'database-connection-string',
      'url-credentials',
      'authorization-header',
      'bearer-token',
      'secret-assignment',
    ])
      expect(types, t).toContain(t);
  });

  it('reports only the value of an assignment, so the name stays readable', () => {
    const key = random(32);
    expect(redact(`export GITHUB_TOKEN=${key}\nSTRIPE_SECRET="${key}"`)).toBe(
      'export GITHUB_TOKEN=[REDACTED]\nSTRIPE_SECRET="[REDACTED]"',
    );
  });

  it('redacts a PEM block cut off before its END line (fail closed)', () => {
    const pem = SAMPLES.find((s) => s.type === 'private-key')?.secret as string;
    const cut = pem.slice(0, pem.indexOf('-----END'));
    expect(redact(`log: ${cut}`)).toBe('log: [REDACTED]\n');
  });
});

describe('word boundaries and look-alikes', () => {
  const openai = SAMPLES[0]?.secret as string;
  it.each([
    'risk-assessment',
    'task-runner desk-lamp sk-',
    `x${openai}`,
    `task${openai}`,
    `my${'ghp_'}${random(36)}`,
    `ghp_${random(37)}`,
    `AKIA${'A'.repeat(17)}`,
    'secretary: John Smith',
    'max_tokens: 4096',
    'token_type: bearer',
    'password: hunter2',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell reference, not a template
    'API_KEY=${API_KEY}',
    'api_key = process.env.OPENAI_API_KEY',
    'token = "your_token_here_123"',
    'Authorization: Bearer <token>',
    'Authorization: Bearer $TOKEN',
    'https://user:password@example.com',
    'postgres://postgres:postgres@localhost/db',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell references, not a template
    'mongodb://${USER}:${PASS}@host/db',
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
    '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----',
    'uuid 123e4567-e89b-12d3-a456-426614174000',
  ])('nothing in %j', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('a secret next to punctuation, brackets or non-ASCII letters is still one', () => {
    const ghp = `ghp_${random(36)}`;
    for (const [before, after] of [
      ['(', ')'],
      ['[', ']'],
      ['"', '",'],
      ['このキー', 'です'],
      ['key=', '&next=1'],
    ] as const)
      expect(redact(`${before}${ghp}${after}`)).toBe(`${before}[REDACTED]${after}`);
  });
});

describe('findings never carry the secret', () => {
  it('toString, JSON and inspect show type, offsets and confidence only', () => {
    for (const sample of SAMPLES) {
      const { text } = embed(sample);
      for (const f of findSecrets(text)) {
        expect(Object.keys(JSON.parse(JSON.stringify(f))).sort()).toEqual([
          'confidence',
          'end',
          'start',
          'type',
        ]);
        for (const shown of [String(f), JSON.stringify(f), inspect(f, { depth: 5, showHidden: true })]) {
          expect(shown).not.toContain(sample.secret.slice(0, 12));
          expect(shown).not.toContain(sample.secret.slice(-12));
        }
        expect(Object.isFrozen(f)).toBe(true);
      }
    }
  });
});

describe('exact values', () => {
  const value = 'p@ss wörd/+?&"\\';
  const bytes = Buffer.from(value, 'utf8');
  const encodings = [
    value,
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ];

  it('every encoding of a string value is redacted', () => {
    const r = createRedactor({ detectors: false, values: [value] });
    for (const e of encodings) expect(r.redact(`<${e}>`), e).toBe('<[REDACTED]>');
    expect(new Set(valueVariants(value))).toEqual(new Set(encodings));
  });

  it('a Uint8Array value: raw when it is UTF-8, base64 forms always', () => {
    const binary = new Uint8Array([0xff, 0x00, 0xfe, 0x10, 0x80]);
    const r = createRedactor({ detectors: false, values: [binary, bytes] });
    expect(r.redact(`a ${Buffer.from(binary).toString('base64')} b ${value} c`)).toBe(
      'a [REDACTED] b [REDACTED] c',
    );
    expect(r.redact(Buffer.from(binary).toString('base64url'))).toBe('[REDACTED]');
  });

  it('the longest match wins at the same start, overlapping matches merge', () => {
    const r = createRedactor({ detectors: false, values: ['abc', 'abcdef', 'efgh'] });
    expect(r.find('xxabcdefghyy').map((f) => [f.start, f.end])).toEqual([[2, 10]]);
    expect(r.redact('xxabcdefghyy abc')).toBe('xx[REDACTED]yy [REDACTED]');
  });

  it('overlapping occurrences of one value are all covered', () => {
    expect(redact('ababababa', { detectors: false, values: ['aba'] })).toBe('[REDACTED]');
  });

  it('values inside the replacement never touch it, and output is stable', () => {
    for (const v of ['ACT', 'E', '[RED', 'D]', '[REDACTED]', 'REDACTED']) {
      const r = createRedactor({ detectors: false, values: [v] });
      const once = r.redact(`x ${v} y [REDACTED] z`);
      expect(r.redact(once), v).toBe(once);
      expect(once, v).toContain('[REDACTED] z');
    }
  });

  it('a value that can overlap the replacement is chased until the output is clean', () => {
    const r = createRedactor({ values: ['Secret1', ']tail', 'head[', 'D]x'] });
    const once = r.redact('Secret1tail and headSecret1, Secret1x');
    expect(once).toBe('[REDACTED] and [REDACTED], [REDACTED]');
    expect(r.redact(once)).toBe(once);
    expect(r.redact('[REDACTED]tail')).toBe('[REDACTED]');
  });

  it('empty values are ignored; other types are refused', () => {
    expect(redact('abc', { values: [''] })).toBe('abc');
    expect(() => createRedactor({ values: [42 as unknown as string] })).toThrow(TypeError);
    expect(() => createRedactor({ values: 'abc' as unknown as string[] })).not.toThrow();
  });
});

describe('options', () => {
  it('detectors: false finds nothing but values', () => {
    const { text } = embed(SAMPLES[0] as (typeof SAMPLES)[number]);
    expect(findSecrets(text, { detectors: false })).toEqual([]);
  });

  it('entropy: true adds the generic detector, off by default', () => {
    const text = `session_nonce = ${random(40)}`;
    expect(findSecrets(text)).toEqual([]);
    expect(findSecrets(text, { entropy: true }).map((f) => f.type)).toEqual(['high-entropy-assignment']);
    expect(findSecrets('build = 2024-01-01T00:00:00Z', { entropy: true })).toEqual([]);
  });

  it('replacement: a string or a function of the finding', () => {
    const ghp = `ghp_${random(36)}`;
    expect(redact(`t ${ghp}`, { replacement: '***' })).toBe('t ***');
    expect(redact(`t ${ghp}`, { replacement: (f) => `<${f.type}>` })).toBe('t <github-token>');
    const stars = createRedactor({ replacement: '***', values: ['*'] });
    expect(stars.redact(stars.redact('a*b'))).toBe(stars.redact('a*b'));
  });

  it('your own detectors run (behind their keywords) and are checked', () => {
    const ticket: Detector = {
      id: 'ticket',
      confidence: 'low',
      keywords: ['tkt-'],
      maxLength: 12,
      find: (text) =>
        [...text.matchAll(/tkt-\d{6}/g)].map((m) => ({
          type: 'ticket',
          start: m.index,
          end: m.index + 10,
          confidence: 'low' as const,
        })),
    };
    expect(redact('see tkt-123456', { detectors: [ticket] })).toBe('see [REDACTED]');
    const broken: Detector = {
      ...ticket,
      find: () => [{ type: 'x', start: 5, end: 500, confidence: 'low' }],
    };
    expect(() => redact('tkt-1', { detectors: [broken] })).toThrow(RangeError);
    expect(() => createRedactor({ detectors: [{ id: 'x' } as unknown as Detector] })).toThrow(TypeError);
    expect(() => createRedactor({ detectors: 'all' as unknown as 'default' })).toThrow(TypeError);
    expect(() => findSecrets(42 as unknown as string)).toThrow(TypeError);
  });

  it('holdback covers the longest match of every detector and value', () => {
    const r = createRedactor({ values: ['v'.repeat(20_000)], entropy: true });
    expect(r.holdback).toBeGreaterThanOrEqual(20_000);
    const d = createRedactor();
    for (const det of [...DEFAULT_DETECTORS, ENTROPY_DETECTOR])
      expect(d.holdback, det.id).toBeGreaterThanOrEqual(det.maxLength);
    for (const sample of SAMPLES) expect(sample.secret.length).toBeLessThanOrEqual(d.holdback);
  });
});
