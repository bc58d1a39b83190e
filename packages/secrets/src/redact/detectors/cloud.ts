/**
 * Tokens of cloud and infrastructure providers that carry a literal prefix.
 * (AWS and Azure, whose secrets need a keyword or a neighbour, are in aws.ts
 * and azure.ts; GCP service-account files in gcp.ts and pkcs12.ts.)
 */
import { ALNUM, ALPHA, TOKEN, WORD } from '../chars.js';
import type { TokenSpec } from '../scan.js';

export const CLOUD_TOKENS: readonly TokenSpec[] = [
  {
    id: 'gcp-api-key',
    confidence: 'high',
    prefixes: ['AIza'],
    pattern: 'AIza[A-Za-z0-9_-]{35}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 39,
  },
  {
    id: 'google-oauth-client-secret',
    confidence: 'high',
    prefixes: ['GOCSPX-'],
    pattern: 'GOCSPX-[A-Za-z0-9_-]{28}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 35,
  },
  {
    id: 'google-oauth-access-token',
    confidence: 'medium',
    prefixes: ['ya29.'],
    pattern: 'ya29\\.[A-Za-z0-9_-]{30,2048}',
    before: TOKEN,
    after: TOKEN,
    maxLength: 2053,
  },
  {
    // Account (cfat_), user (cfut_) API tokens and global API keys (cfk_): 40 characters and an 8-hex checksum.
    id: 'cloudflare-api-token',
    confidence: 'high',
    prefixes: ['cfat_', 'cfut_', 'cfk_'],
    pattern: '(?:cfat|cfut|cfk)_[A-Za-z0-9]{40}[0-9a-f]{8}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 53,
  },
  {
    id: 'digitalocean-token',
    confidence: 'high',
    prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: 'do[opr]_v1_[a-f0-9]{64}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 71,
  },
  {
    // Personal (vcp_), integration (vci_), app access (vca_) and refresh (vcr_) tokens, AI Gateway keys (vck_).
    id: 'vercel-token',
    confidence: 'high',
    prefixes: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    pattern: '(?:vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{20,60}',
    before: ALPHA,
    after: ALNUM,
    maxLength: 64,
  },
  {
    // Service (hvs.), recovery (hvr.) and batch (hvb.) tokens.
    id: 'hashicorp-vault-token',
    confidence: 'high',
    prefixes: ['hvs.', 'hvr.', 'hvb.'],
    pattern: '(?:hv[sr]\\.[A-Za-z0-9_-]{90,120}|hvb\\.[A-Za-z0-9_-]{138,300})',
    before: ALPHA,
    after: TOKEN,
    maxLength: 304,
  },
  {
    // tskey-<type>-<id>-<secret>; a letter before `tskey` means it is part of a word, a digit or `_` does not.
    id: 'tailscale-key',
    confidence: 'high',
    prefixes: ['tskey-'],
    pattern: 'tskey-[a-z]{2,20}-[A-Za-z0-9_]{8,40}-[A-Za-z0-9_]{16,60}',
    before: ALPHA,
    after: WORD,
    maxLength: 128,
  },
  {
    id: 'databricks-token',
    confidence: 'high',
    prefixes: ['dapi'],
    pattern: 'dapi[a-fA-F0-9]{32}(?:-[0-9])?',
    before: ALPHA,
    after: 'A-Fa-f0-9',
    maxLength: 38,
  },
  {
    id: 'doppler-token',
    confidence: 'high',
    prefixes: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    pattern: 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}',
    before: ALNUM,
    after: ALNUM,
    maxLength: 54,
  },
  {
    id: 'age-secret-key',
    confidence: 'high',
    prefixes: ['AGE-SECRET-KEY-1'],
    pattern: 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
    before: ALNUM,
    after: ALNUM,
    maxLength: 74,
  },
];
