import { type TSchema, Type } from 'typebox';
import { MAX_READS_LIMIT } from './secrets/validate.js';

/**
 * TypeBox schemas shared by the routes. They validate request shapes (types
 * only: range and charset checks with Sirr's messages live in
 * secrets/validate.ts) and feed `GET /openapi.json`. Objects allow unknown
 * fields, as Sirr's serde defaults do; `null` is accepted wherever a field is
 * optional, because Sirr's Node client sends `null` for "not given".
 */

/** `T | null`, optional: Sirr clients send `null` for an absent field. */
export const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
/** `T | null`, always present. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Unix seconds. */
export const UnixSeconds = Type.Integer({ description: 'Unix time in seconds' });

/** Every error response. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Human-readable message (Sirr v1 wording where its clients show it)' }),
    code: Type.String({ description: 'Stable snake_case code' }),
  },
  { title: 'Error' },
);

export const KeyName = Type.String({
  description: '1-256 of [A-Za-z0-9_.-], not "." or ".."; checked after percent-decoding',
});

export const KeyParams = Type.Object({ key: KeyName });
export const OrgParams = Type.Object({ org: Type.String({ description: '32-hex org id' }) });
export const OrgKeyParams = Type.Object({ org: Type.String(), key: KeyName });
export const IdParams = Type.Object({ id: Type.String() });
export const OrgIdParams = Type.Object({ org: Type.String(), id: Type.String() });

export const CreateSecretBody = Type.Object(
  {
    key: KeyName,
    value: Type.String({ description: 'At most 1 MiB of UTF-8 (configurable)' }),
    ttl_seconds: Maybe(Type.Integer({ minimum: 0, description: 'At most 315360000 (10 years)' })),
    max_reads: Maybe(
      Type.Integer({ minimum: 0, maximum: MAX_READS_LIMIT, description: '>= 1; null = unlimited' }),
    ),
    delete: Maybe(
      Type.Boolean({ description: 'true (default): the last read deletes; false: it seals (410)' }),
    ),
    webhook_url: Maybe(Type.String({ description: 'https URL under an allowed origin' })),
    allowed_keys: Maybe(
      Type.Array(Type.String(), {
        description:
          'Org secrets: principal-key names allowed to read (key names are unique within the org; ignored on the public bucket)',
      }),
    ),
  },
  { title: 'CreateSecret' },
);

export const PatchSecretBody = Type.Object(
  {
    value: Maybe(Type.String()),
    max_reads: Maybe(Type.Integer({ minimum: 0, maximum: MAX_READS_LIMIT })),
    ttl_seconds: Maybe(Type.Integer({ minimum: 0 })),
  },
  { title: 'PatchSecret' },
);

export const SecretMetaSchema = Type.Object(
  {
    key: Type.String(),
    created_at: UnixSeconds,
    expires_at: Nullable(UnixSeconds),
    max_reads: Nullable(Type.Integer()),
    read_count: Type.Integer(),
    delete: Type.Boolean(),
    owner_id: Nullable(Type.String()),
    org_id: Nullable(Type.String()),
  },
  { title: 'SecretMeta' },
);

export const KeyResult = Type.Object({ key: Type.String() });
export const SecretValue = Type.Object(
  { key: Type.String(), value: Type.String() },
  { title: 'SecretValue' },
);
export const SecretList = Type.Object({ secrets: Type.Array(SecretMetaSchema) });
export const Deleted = Type.Object({ deleted: Type.Boolean() });
export const Pruned = Type.Object({ pruned: Type.Integer() });

export const AuditQuerySchema = Type.Object({
  since: Type.Optional(Type.Integer({ description: 'Keep events with timestamp >= since' })),
  until: Type.Optional(Type.Integer({ description: 'Keep events with timestamp <= until' })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Default 100, capped at 1000' })),
});

export const AuditEventSchema = Type.Object(
  {
    id: Type.Integer(),
    timestamp: UnixSeconds,
    action: Type.String(),
    key: Nullable(Type.String()),
    source_ip: Type.String(),
    success: Type.Boolean(),
    detail: Nullable(Type.String()),
    org_id: Nullable(Type.String()),
    principal_id: Nullable(Type.String()),
  },
  { title: 'AuditEvent' },
);

export const Metadata = Type.Record(Type.String(), Type.String(), {
  description: 'At most 10 entries, each value at most 100 bytes',
});
