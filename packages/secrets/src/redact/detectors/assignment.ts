/**
 * Secrets recognised by the name they are given rather than their shape:
 * `*_API_KEY=`, `*_TOKEN=`, `*_SECRET=`, `*_PASSWORD=`, `secret_key:`,
 * `_authToken=` (npmrc), and HTTP `Authorization:` / `Bearer` credentials.
 * Only the value is redacted, so `GITHUB_TOKEN=[REDACTED]` still says what
 * was there. Values that are references rather than secrets (`${VAR}`,
 * `process.env.X`), placeholders (`your_token_here`, `xxxx`) or plain words
 * are left alone: a value must mix letters and digits.
 */
import { distinctChars, hasLetterAndDigit } from '../chars.js';
import { ASSIGN, keywordDetector } from '../scan.js';
import type { Detector } from '../types.js';

/** Longest value looked at; a longer run is not reported (it is a blob, not a key). */
const MAX_VALUE = 4096;
const NAME = 'api[_.-]?key|secret(?:[_.-]?key)?|token|passw(?:or)?d|passphrase|private[_.-]?key|_auth';
// Value characters: no quotes, brackets, spaces, `&` or `?` (query separators), `=` only as base64 padding.
const VALUE = `[A-Za-z0-9_\\-.~+/!@#$%^*]{8,${MAX_VALUE}}={0,3}`;
const NOT_VALUE = '(?![A-Za-z0-9_\\-.~+/!@#$%^*=\\[])';
const CREDENTIAL = `[A-Za-z0-9_\\-.~+/]{8,${MAX_VALUE}}={0,3}`;
const NOT_CREDENTIAL = '(?![A-Za-z0-9_\\-.~+/=\\[])';

const PLACEHOLDER =
  /example|placeholder|changeme|change_me|your[_-]|xxxx|\*\*\*\*|redacted|dummy|sample|insert|replace|<|fake|test_?token|secret_?here|token_?here/i;
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** True when `value` looks like a secret rather than a reference, a placeholder or a word. */
export function isSecretLikeValue(value: string): boolean {
  return (
    !/^[$%]/.test(value) &&
    hasLetterAndDigit(value) &&
    distinctChars(value) >= 5 &&
    !PLACEHOLDER.test(value) &&
    !DOTTED_IDENTIFIER.test(value)
  );
}

function isCredential(value: string): boolean {
  return distinctChars(value) >= 5 && !PLACEHOLDER.test(value) && !DOTTED_IDENTIFIER.test(value);
}

/** `*_API_KEY=`, `*_TOKEN=`, `*_SECRET=`, `*_PASSWORD=`, `secret_key:`, `_authToken=`, `"apiKey": "..."`. */
export const secretAssignment: Detector = keywordDetector({
  id: 'secret-assignment',
  confidence: 'medium',
  keywords: ['api', 'secret', 'token', 'passw', 'passphrase', 'private', '_auth'],
  pattern: `(?:${NAME})${ASSIGN}(${VALUE})${NOT_VALUE}`,
  maxLength: 16 + 22 + MAX_VALUE + 4,
  validate: isSecretLikeValue,
});

/**
 * `.npmrc` credentials (`//registry/:_authToken=...`, `_auth=...`): always
 * secrets there, however they look, unless a `${VAR}` reference.
 */
export const npmrcAuth: Detector = keywordDetector({
  id: 'npmrc-auth',
  confidence: 'high',
  keywords: ['_auth'],
  pattern: `(?<=[:\\s]|^)_auth(?:token)?\\s{0,4}=\\s{0,4}["']?([^\\s"'\`$\\[\\]][^\\s"'\`\\[\\]]{7,${MAX_VALUE}})(?=[\\s"'\`]|$)`,
  maxLength: 1 + 10 + 9 + MAX_VALUE + 2,
  validate: (v) => !/[()]/.test(v) && !DOTTED_IDENTIFIER.test(v),
});

/** `Authorization: Bearer|Basic|token|Bot ...` in headers, curl commands and JSON. */
export const authorizationHeader: Detector = keywordDetector({
  id: 'authorization-header',
  confidence: 'high',
  keywords: ['authorization'],
  pattern: `authorization${ASSIGN}(?:bearer|basic|token|bot|apikey|api-key|sso-key)\\s{1,4}(${CREDENTIAL})${NOT_CREDENTIAL}`,
  maxLength: 13 + 22 + 8 + 4 + MAX_VALUE + 4,
  validate: isCredential,
});

/** `Bearer <token>` anywhere (logs of request headers, SDK debug output). */
export const bearerToken: Detector = keywordDetector({
  id: 'bearer-token',
  confidence: 'medium',
  keywords: ['bearer'],
  pattern: `bearer\\s{1,4}(${CREDENTIAL})${NOT_CREDENTIAL}`,
  maxLength: 6 + 4 + MAX_VALUE + 4,
  validate: (v) => v.length >= 16 && isSecretLikeValue(v),
});
