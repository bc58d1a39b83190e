/**
 * Synthetic secrets of every shape the default detectors know, built from a
 * seeded generator (and real keys from node:crypto), with the finding type
 * each must produce. Shared by the redaction tests.
 */
import { generateKeyPairSync } from 'node:crypto';

/** A small deterministic generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = seeded(42);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** `n` random characters of `alphabet`, with at least one digit and one letter when the alphabet has both. */
export function random(n: number, alphabet = ALNUM): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    if (
      n < 8 ||
      !/[0-9]/.test(alphabet) ||
      !/[A-Za-z]/.test(alphabet) ||
      (/[0-9]/.test(s) && /[A-Za-z]/.test(s))
    )
      return s;
  }
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const ed25519Pem = generateKeyPairSync('ed25519').privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs1',
  format: 'pem',
}) as string;

/** A GCP service-account key file with a real (throwaway) key. */
export const GCP_SERVICE_ACCOUNT = JSON.stringify(
  {
    type: 'service_account',
    project_id: 'warden-test',
    private_key_id: random(40, HEX),
    private_key: rsaPem,
    client_email: 'agent@warden-test.iam.gserviceaccount.com',
    client_id: '123456789012345678901',
    token_uri: 'https://oauth2.googleapis.com/token',
  },
  null,
  2,
);

export interface Sample {
  /** The secret as it appears in text. */
  readonly secret: string;
  /** The finding type expected over exactly `secret`. */
  readonly type: string;
  /** Text around the secret that makes it recognisable (the secret goes where `{}` is). */
  readonly context?: string;
}

export const SAMPLES: readonly Sample[] = [
  { type: 'openai-api-key', secret: `sk-${random(20)}T3BlbkFJ${random(20)}` },
  {
    type: 'openai-api-key',
    secret: `sk-proj-${random(74, `${ALNUM}_-`)}T3BlbkFJ${random(74, `${ALNUM}_-`)}`,
  },
  { type: 'openai-api-key', secret: `sk-svcacct-${random(58)}T3BlbkFJ${random(58)}` },
  { type: 'openai-api-key', secret: `sk-admin-${random(58)}T3BlbkFJ${random(58)}` },
  { type: 'anthropic-api-key', secret: `sk-ant-api03-${random(93, `${ALNUM}_-`)}AA` },
  { type: 'anthropic-api-key', secret: `sk-ant-admin01-${random(93)}AA` },
  { type: 'groq-api-key', secret: `gsk_${random(52)}` },
  {
    type: 'huggingface-token',
    secret: `hf_${random(34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`,
  },
  { type: 'github-token', secret: `ghp_${random(36)}` },
  { type: 'github-token', secret: `gho_${random(36)}` },
  { type: 'github-token', secret: `ghu_${random(36)}` },
  { type: 'github-token', secret: `ghs_${random(36)}` },
  { type: 'github-token', secret: `ghr_${random(36)}` },
  { type: 'github-fine-grained-pat', secret: `github_pat_${random(22)}_${random(59)}` },
  { type: 'gitlab-token', secret: `glpat-${random(20)}` },
  { type: 'gitlab-token', secret: `glrt-${random(27)}` },
  { type: 'npm-access-token', secret: `npm_${random(36)}` },
  { type: 'docker-token', secret: `dckr_pat_${random(27)}` },
  { type: 'aws-access-key-id', secret: `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}` },
  {
    type: 'aws-secret-access-key',
    secret: `${random(20)}/${random(9)}+${random(9)}`,
    context: 'aws_secret_access_key = {}',
  },
  {
    type: 'aws-secret-access-key',
    secret: `${random(20)}/${random(9)}+${random(9)}`,
    context: `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')},{}`,
  },
  { type: 'gcp-api-key', secret: `AIza${random(35)}` },
  { type: 'gcp-service-account', secret: GCP_SERVICE_ACCOUNT },
  { type: 'private-key', secret: ed25519Pem.trimEnd() },
  { type: 'private-key', secret: rsaPem.trimEnd() },
  { type: 'private-key', secret: JSON.stringify(rsaPem.trimEnd()).slice(1, -1), context: '{"key": "{}"}' },
  {
    type: 'slack-token',
    secret: `xoxb-${random(12, HEX.slice(0, 10))}-${random(13, HEX.slice(0, 10))}-${random(24)}`,
  },
  {
    type: 'slack-token',
    secret: `xoxp-${random(11, '0123456789')}-${random(12, '0123456789')}-${random(12, '0123456789')}-${random(32, HEX)}`,
  },
  {
    type: 'slack-webhook',
    secret: `https://hooks.slack.com/services/T${random(8)}/B${random(8)}/${random(24)}`,
  },
  { type: 'stripe-secret-key', secret: `sk_live_${random(24)}` },
  { type: 'stripe-secret-key', secret: `rk_test_${random(24)}` },
  { type: 'sendgrid-api-key', secret: `SG.${random(22)}.${random(43)}` },
  { type: 'twilio-api-key', secret: `SK${random(32, HEX)}` },
  { type: 'shopify-token', secret: `shpat_${random(32, HEX)}` },
  { type: 'azure-client-secret', secret: `ab${random(1)}8Q~${random(34)}` },
  {
    type: 'azure-connection-string-key',
    secret: `${random(86, `${ALNUM}+/`)}==`,
    context: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey={};EndpointSuffix=core.windows.net',
  },
  { type: 'hashicorp-vault-token', secret: `hvs.${random(95, `${ALNUM}_-`)}` },
  { type: 'tailscale-key', secret: `tskey-auth-${random(12)}-${random(24)}` },
  { type: 'vercel-token', secret: `vcp_${random(24)}` },
  { type: 'cloudflare-api-token', secret: `cfat_${random(40)}${random(8, HEX)}` },
  { type: 'databricks-token', secret: `dapi${random(32, HEX)}` },
  { type: 'linear-api-key', secret: `lin_api_${random(40)}` },
  { type: 'notion-token', secret: `ntn_${random(11, '0123456789')}${random(35)}` },
  { type: 'figma-token', secret: `figd_${random(40)}` },
  { type: 'grafana-token', secret: `glsa_${random(32)}_${random(8, HEX)}` },
  {
    type: 'jwt',
    secret: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"agent-7"}')}.${random(43)}`,
  },
  { type: 'secp256k1-private-key', secret: `0x${random(64, HEX)}` },
  {
    type: 'database-connection-string',
    secret: `postgres://app:${random(12)}@db.internal:5432/app?sslmode=require`,
  },
  { type: 'url-credentials', secret: `https://deploy:${random(12)}@ci.corp.net/repo.git` },
  { type: 'secret-assignment', secret: random(32), context: 'OPENWEATHER_API_KEY={}' },
  { type: 'secret-assignment', secret: random(24), context: '"client_secret": "{}"' },
  { type: 'secret-assignment', secret: random(16), context: 'DB_PASSWORD: {}' },
  { type: 'npmrc-auth', secret: 'a'.repeat(30) + 1, context: '//registry.npmjs.org/:_authToken={}' },
  { type: 'authorization-header', secret: random(40), context: "curl -H 'Authorization: Basic {}'" },
  { type: 'bearer-token', secret: random(40), context: 'GET /v1 bearer {}' },
];

/** `sample` placed in its context. */
export function embed(sample: Sample, prefix = 'x ', suffix = ' y'): { text: string; start: number } {
  const [before, after] = (sample.context ?? '{}').split('{}') as [string, string];
  return {
    text: `${prefix}${before}${sample.secret}${after}${suffix}`,
    start: prefix.length + before.length,
  };
}
