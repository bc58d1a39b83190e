import type { Static } from 'typebox';
import { randomHex } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import { apiError, secretNotFound } from '../errors.js';
import type { CreateSecretBody, PatchSecretBody } from '../schemas.js';
import type { HeadOutcome, SecretMeta, SecretPatch, SecretRecord } from '../store/types.js';
import type { SecretCaller } from './caller.js';
import type { SecretPolicy } from './policy.js';
import { secretMetaJson } from './serialize.js';
import { checkKey, checkMaxReads, checkTtl, checkValue, checkWebhookUrl } from './validate.js';

/**
 * The secret operations behind both the public bucket (`/secrets`) and the
 * org routes (`/orgs/{org}/secrets`); the policy says which and for whom.
 */

const utf8 = new TextDecoder('utf-8');

function sealedError(policy: SecretPolicy) {
  return apiError(
    410,
    'sealed',
    policy.wording === 'public' ? 'secret is sealed — reads exhausted' : 'secret is sealed - reads exhausted',
  );
}

/** Checks `allowed_keys` of an org secret: names as principal keys have them (1-128 characters). */
function checkAllowedKeys(names: readonly string[] | null | undefined): void {
  if (names === null || names === undefined) return;
  if (names.length > 100 || names.some((n) => n.length < 1 || n.length > 128)) {
    throw apiError(
      400,
      'invalid_allowed_keys',
      'allowed_keys must hold at most 100 key names of 1-128 characters',
    );
  }
}

/** POST: validates in Sirr's order (key, max_reads, value, ttl, webhook_url), seals, stores. */
export async function createSecret(
  ctx: AppContext,
  { policy, audit }: SecretCaller,
  body: Static<typeof CreateSecretBody>,
): Promise<{ key: string }> {
  checkKey(body.key, policy.wording);
  checkMaxReads(body.max_reads, policy.wording);
  checkValue(body.value, ctx.settings.maxValueBytes);
  checkTtl(body.ttl_seconds);
  checkWebhookUrl(body.webhook_url, ctx.settings.webhookUrlPolicy);
  // Sirr ignores allowed_keys on the public bucket; so does Warden.
  const allowedKeys = policy.scope === null ? null : (body.allowed_keys ?? null);
  checkAllowedKeys(allowedKeys);
  const now = ctx.clock.now();
  const id = randomHex(16);
  const plaintext = Buffer.from(body.value, 'utf8');
  let sealed: ReturnType<typeof ctx.sealer.seal>;
  try {
    sealed = ctx.sealer.seal(plaintext, { kind: 'secret', orgId: policy.scope, key: body.key, recordId: id });
  } finally {
    plaintext.fill(0);
  }
  const record: SecretRecord = {
    ...sealed,
    id,
    orgId: policy.scope,
    key: body.key,
    createdAt: now,
    expiresAt: body.ttl_seconds === null || body.ttl_seconds === undefined ? null : now + body.ttl_seconds,
    maxReads: body.max_reads ?? null,
    readCount: 0,
    deleteOnExhaust: body.delete ?? true,
    ownerId: policy.ownerId,
    webhookUrl: body.webhook_url ?? null,
    allowedKeys,
  };
  const outcome = await ctx.store.createSecret(record, (m) => policy.canReplace(m), audit);
  if (outcome.status === 'conflict') {
    throw apiError(409, 'secret_exists', 'a live secret with this key exists and you may not replace it');
  }
  return { key: body.key };
}

/**
 * GET: one durable, counted read in the store, then decryption. The value is
 * opened only after the store has committed the read, so a crash between the
 * two loses a read, never grants an extra one.
 */
export async function readSecret(
  ctx: AppContext,
  { policy, audit }: SecretCaller,
  key: string,
): Promise<{ key: string; value: string }> {
  checkKey(key, policy.wording);
  const scope = policy.scope === null ? 'public' : 'org';
  const outcome = await ctx.store.readSecret(policy.scope, key, ctx.clock.now(), policy.read, audit);
  ctx.metrics.reads.inc({ scope, outcome: outcome.status });
  switch (outcome.status) {
    case 'not_found':
      throw secretNotFound();
    case 'forbidden':
      throw policy.denial();
    case 'sealed':
      throw sealedError(policy);
    case 'ok': {
      if (outcome.burned) ctx.metrics.burns.inc({ scope });
      const r = outcome.record;
      const plaintext = await ctx.sealer.open(r, {
        kind: 'secret',
        orgId: r.orgId,
        key: r.key,
        recordId: r.id,
      });
      try {
        return { key, value: utf8.decode(plaintext) };
      } finally {
        plaintext.fill(0);
      }
    }
  }
}

/** HEAD: metadata without consuming a read. */
export async function headSecret(
  ctx: AppContext,
  { policy }: SecretCaller,
  key: string,
): Promise<{ meta: SecretMeta; sealed: boolean }> {
  checkKey(key, policy.wording);
  const outcome: HeadOutcome = await ctx.store.headSecret(policy.scope, key, ctx.clock.now(), policy.read);
  if (outcome.status === 'not_found') throw secretNotFound();
  if (outcome.status === 'forbidden') throw policy.denial();
  return { meta: outcome.meta, sealed: outcome.status === 'sealed' };
}

/** PATCH: Sirr's semantics (409 on delete=true records, 410 once sealed, read count back to 0). */
export async function patchSecret(
  ctx: AppContext,
  { policy, audit }: SecretCaller,
  key: string,
  body: Static<typeof PatchSecretBody> | undefined,
) {
  checkKey(key, policy.wording);
  const b = body ?? {};
  checkMaxReads(b.max_reads, policy.wording);
  if (b.value !== null && b.value !== undefined) checkValue(b.value, ctx.settings.maxValueBytes);
  checkTtl(b.ttl_seconds);
  const now = ctx.clock.now();
  const plaintext = b.value === null || b.value === undefined ? undefined : Buffer.from(b.value, 'utf8');
  const patch: SecretPatch = {};
  if (plaintext !== undefined) {
    patch.value = (recordId) =>
      ctx.sealer.seal(plaintext, { kind: 'secret', orgId: policy.scope, key, recordId });
  }
  if (b.max_reads !== null && b.max_reads !== undefined) patch.maxReads = b.max_reads;
  if (b.ttl_seconds !== null && b.ttl_seconds !== undefined) patch.expiresAt = now + b.ttl_seconds;
  let outcome: Awaited<ReturnType<typeof ctx.store.patchSecret>>;
  try {
    outcome = await ctx.store.patchSecret(policy.scope, key, now, patch, policy.patch, audit);
  } finally {
    plaintext?.fill(0);
  }
  switch (outcome.status) {
    case 'ok':
      return secretMetaJson(outcome.meta);
    case 'not_found':
      throw secretNotFound();
    case 'forbidden':
      throw policy.denial();
    case 'sealed':
      throw apiError(410, 'sealed', 'secret read limit exhausted');
    case 'delete_on_exhaust':
      throw apiError(409, 'not_patchable', 'cannot patch a secret with delete=true');
  }
}

/** DELETE: removes the record, expired or not. */
export async function deleteSecret(
  ctx: AppContext,
  { policy, audit }: SecretCaller,
  key: string,
): Promise<{ deleted: true }> {
  checkKey(key, policy.wording);
  const outcome = await ctx.store.deleteSecret(policy.scope, key, policy.remove, audit);
  if (outcome.status === 'not_found') throw apiError(404, 'not_found', 'not found');
  if (outcome.status === 'forbidden') throw policy.denial();
  return { deleted: true };
}
