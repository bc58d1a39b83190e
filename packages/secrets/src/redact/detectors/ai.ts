/**
 * API keys of model providers. Formats from the providers' documentation as
 * captured by secretlint's and gitleaks' rules (secretlint commit 18346ba).
 */
import { ALNUM, ALPHA, TOKEN } from '../chars.js';
import type { TokenSpec } from '../scan.js';

export const AI_TOKENS: readonly TokenSpec[] = [
  {
    // Every generation (legacy 48-char `sk-`, `sk-proj-`, `sk-svcacct-`,
    // `sk-admin-`) embeds base64("OpenAI") = T3BlbkFJ; the marker is what
    // separates a key from any other `sk-` string.
    id: 'openai-api-key',
    confidence: 'high',
    prefixes: ['sk-'],
    pattern: '(?:sk-[A-Za-z0-9_-]{20,200}?T3BlbkFJ[A-Za-z0-9_-]{20,200})',
    before: TOKEN,
    after: TOKEN,
    maxLength: 411,
  },
  {
    // sk-ant-api03-..., sk-ant-admin01-..., and the OAuth sk-ant-oat01-/ort01- tokens.
    id: 'anthropic-api-key',
    confidence: 'high',
    prefixes: ['sk-ant-'],
    pattern: 'sk-ant-[a-z]{3,6}[0-9]{2}-[A-Za-z0-9_-]{80,200}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 216,
  },
  {
    id: 'groq-api-key',
    confidence: 'high',
    prefixes: ['gsk_'],
    pattern: 'gsk_[A-Za-z0-9]{52}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 56,
  },
  {
    id: 'huggingface-token',
    confidence: 'high',
    prefixes: ['hf_', 'api_org_'],
    pattern: '(?:hf_|api_org_)[A-Za-z]{34}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 42,
  },
  {
    id: 'perplexity-api-key',
    confidence: 'high',
    prefixes: ['pplx-'],
    pattern: 'pplx-[A-Za-z0-9]{48}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 53,
  },
  {
    id: 'xai-api-key',
    confidence: 'high',
    prefixes: ['xai-'],
    pattern: 'xai-[A-Za-z0-9]{80}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 84,
  },
  {
    id: 'replicate-api-token',
    confidence: 'high',
    prefixes: ['r8_'],
    pattern: 'r8_[A-Za-z0-9]{37}',
    before: ALNUM,
    after: ALNUM,
    maxLength: 40,
  },
];
