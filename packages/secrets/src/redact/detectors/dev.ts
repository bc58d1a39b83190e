/**
 * Tokens of code hosts, package registries and developer tools, plus JWTs.
 */
import { ALNUM, TOKEN, WORD } from '../chars.js';
import type { TokenSpec } from '../scan.js';

/** Headers already judged: a text repeats the same few (bounded; cleared when full). */
const headerVerdicts = new Map<string, boolean>();

/** True when the first segment of a JWT-shaped token decodes to a JSON object header. */
function isJwtHeader(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  let verdict = headerVerdicts.get(header);
  if (verdict === undefined) {
    try {
      const json: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
      verdict =
        typeof json === 'object' && json !== null && ('alg' in json || 'typ' in json || 'enc' in json);
    } catch {
      verdict = false;
    }
    if (headerVerdicts.size >= 256) headerVerdicts.clear();
    headerVerdicts.set(header, verdict);
  }
  return verdict;
}

export const DEV_TOKENS: readonly TokenSpec[] = [
  {
    // Classic PAT, OAuth, user-to-server, server-to-server (app installation) and refresh tokens.
    id: 'github-token',
    confidence: 'high',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: 'gh[pousr]_[A-Za-z0-9_]{36}',
    before: WORD,
    after: WORD,
    maxLength: 40,
  },
  {
    id: 'github-fine-grained-pat',
    confidence: 'high',
    prefixes: ['github_pat_'],
    pattern: 'github_pat_[A-Za-z0-9_]{80,100}',
    before: WORD,
    after: WORD,
    maxLength: 111,
  },
  {
    // ghs_<installation id>_<JWT>, as issued to GitHub Apps acting for an installation.
    id: 'github-app-installation-token',
    confidence: 'high',
    prefixes: ['ghs_'],
    pattern: 'ghs_[0-9]{1,20}_[A-Za-z0-9_-]{10,1000}\\.[A-Za-z0-9_-]{10,4000}\\.[A-Za-z0-9_-]{10,1000}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 6027,
  },
  {
    // Personal, deploy, runner, pipeline-trigger, CI job, feed, incoming-mail,
    // agent, OAuth-app, service-account and feature-flag tokens; runner registration tokens.
    id: 'gitlab-token',
    confidence: 'high',
    prefixes: [
      'glpat-',
      'gldt-',
      'glrt-',
      'glptt-',
      'glcbt-',
      'glft-',
      'glimt-',
      'glagent-',
      'gloas-',
      'glsoat-',
      'glffct-',
      'GR1348941',
    ],
    pattern:
      '(?:gl(?:pat|dt|rt|ptt|cbt|ft|imt|agent|oas|soat|ffct)-|GR1348941)[A-Za-z0-9_-]{20,128}(?:\\.[A-Za-z0-9_-]{2,64}){0,3}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 332,
  },
  {
    id: 'npm-access-token',
    confidence: 'high',
    prefixes: ['npm_'],
    pattern: 'npm_[A-Za-z0-9]{36}',
    before: WORD,
    after: WORD,
    maxLength: 40,
  },
  {
    // pypi- + base64 of a macaroon whose location is pypi.org.
    id: 'pypi-token',
    confidence: 'high',
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    pattern: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 1019,
  },
  {
    id: 'docker-token',
    confidence: 'high',
    prefixes: ['dckr_pat_', 'dckr_oat_'],
    pattern: 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,40}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 49,
  },
  {
    id: 'linear-api-key',
    confidence: 'high',
    prefixes: ['lin_api_', 'lin_oauth_'],
    pattern: 'lin_(?:api|oauth)_[A-Za-z0-9_]{32,128}',
    before: WORD,
    after: WORD,
    maxLength: 138,
  },
  {
    id: 'figma-token',
    confidence: 'high',
    prefixes: ['figd_', 'figo_'],
    pattern: 'fig[do]_[A-Za-z0-9_-]{40,200}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 205,
  },
  {
    id: 'postman-api-key',
    confidence: 'high',
    prefixes: ['PMAK-'],
    pattern: 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}',
    before: ALNUM,
    after: ALNUM,
    maxLength: 64,
  },
  {
    id: 'sentry-token',
    confidence: 'high',
    prefixes: ['sntrys_eyJ', 'sntryu_'],
    pattern: '(?:sntrys_eyJ[A-Za-z0-9+/=_-]{60,600}|sntryu_[a-f0-9]{64})',
    before: TOKEN,
    after: 'A-Za-z0-9+/=_\\-',
    maxLength: 613,
  },
  {
    id: 'atlassian-api-token',
    confidence: 'high',
    prefixes: ['ATATT3'],
    pattern: 'ATATT3[A-Za-z0-9_=-]{150,250}',
    before: 'A-Za-z0-9_=\\-',
    after: 'A-Za-z0-9_=\\-',
    maxLength: 256,
  },
  {
    // Header and payload are base64url JSON objects; the header must decode to one.
    id: 'jwt',
    confidence: 'medium',
    prefixes: ['eyJ'],
    pattern: 'eyJ[A-Za-z0-9_-]{8,1024}\\.ey[A-Za-z0-9_-]{8,6144}\\.[A-Za-z0-9_-]{0,1024}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 7200,
    validate: isJwtHeader,
  },
];
