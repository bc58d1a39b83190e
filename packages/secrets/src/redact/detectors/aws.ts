/**
 * AWS: access key ids (a prefix), secret access keys (40 base64 characters
 * with no prefix, so only next to their keyword or next to an access key id)
 * and account ids (low confidence: an identifier rather than a secret).
 */
import { boundaryBefore, charClass, WORD } from '../chars.js';
import { finding } from '../finding.js';
import { ASSIGN, anchoredDetector, keywordDetector, tokenDetector } from '../scan.js';
import type { Detector } from '../types.js';

const ID_PREFIXES = ['A3T', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA'];

/** Access key ids (AKIA, ASIA, ...) and the other unique ids secretlint reports with them. */
export const awsAccessKeyId: Detector = tokenDetector({
  id: 'aws-access-key-id',
  confidence: 'high',
  prefixes: ID_PREFIXES,
  pattern: '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}',
  before: WORD,
  after: WORD,
  maxLength: 20,
});

/** A 40-character secret key: mixed case and not plain hex (a git SHA-1 is 40 hex characters too). */
function looksLikeSecretKey(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9/+]/.test(s) && !/^[0-9a-fA-F]+$/.test(s);
}

/** `aws_secret_access_key = ...`, `"SecretAccessKey": "..."`. */
export const awsSecretAccessKey: Detector = keywordDetector({
  id: 'aws-secret-access-key',
  confidence: 'high',
  keywords: ['secret'],
  pattern: `secret_?access_?key${ASSIGN}([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=\\[])`,
  maxLength: 80,
  validate: looksLikeSecretKey,
});

/** How far after an access key id its secret key is looked for (CSV rows, `id:secret`, two env lines). */
const NEIGHBOUR_WINDOW = 120;
const REAL_KEY_ID = /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9_[])/y;
// The gap may not contain `[` or `]` (a redaction token must not change what is next to what).
const NEIGHBOUR = new RegExp(
  `[^\\[\\]]{0,${NEIGHBOUR_WINDOW}}?(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=\\[])`,
  'yd',
);
const WORD_CLASS = charClass(WORD);

/** A secret access key within a short distance after an access key id, whatever it is called. */
export const awsSecretNextToKeyId: Detector = anchoredDetector({
  id: 'aws-secret-access-key',
  confidence: 'medium',
  keywords: ['A3T', 'AKIA', 'ASIA', 'ABIA', 'ACCA'],
  maxLength: 1 + 20 + NEIGHBOUR_WINDOW + 40 + 1,
  findAt(text, at) {
    if (!boundaryBefore(text, at, WORD_CLASS)) return undefined;
    REAL_KEY_ID.lastIndex = at;
    const id = REAL_KEY_ID.exec(text);
    if (id === null) return undefined;
    NEIGHBOUR.lastIndex = at + id[0].length;
    const span = NEIGHBOUR.exec(text)?.indices?.[1];
    if (span === undefined || !looksLikeSecretKey(text.slice(span[0], span[1]))) return undefined;
    return finding('aws-secret-access-key', span[0], span[1], 'medium');
  },
});

/** `AWS_ACCOUNT_ID = 1234-5678-9012` (an identifier, hence low confidence). */
export const awsAccountId: Detector = keywordDetector({
  id: 'aws-account-id',
  confidence: 'low',
  keywords: ['aws'],
  pattern: `aws_?account_?(?:id)?${ASSIGN}([0-9]{4}-?[0-9]{4}-?[0-9]{4})(?![0-9\\-\\[])`,
  maxLength: 60,
});
