import type { Access } from '../auth/access.js';
import { asPrincipal } from '../auth/access.js';
import { has } from '../auth/permissions.js';
import { type App, type AppContext, auditContext } from '../context.js';
import {
  CreateSecretBody,
  Deleted,
  ErrorBody,
  KeyResult,
  OrgKeyParams,
  OrgParams,
  PatchSecretBody,
  SecretList,
  SecretMetaSchema,
  SecretValue,
} from '../schemas.js';
import { createSecret, deleteSecret, headSecret, patchSecret, readSecret } from '../secrets/operations.js';
import { orgPolicy } from '../secrets/policy.js';
import { headHeaders, secretMetaJson } from '../secrets/serialize.js';

const tags = ['org secrets'];
/** Org secrets belong to the org's principals: the admin token gets 403 here, as in Sirr. */
const member = (anyOf: string): { access: Access } => ({
  access: { kind: 'org', anyOf, admin: false, notFound: 'secret' },
});

/**
 * `/orgs/{org}/secrets`: an org's secrets, for its principals only. Lower-case
 * letters act on the caller's own secrets, upper-case on all of the org's.
 */
export function registerOrgSecretRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/orgs/:org/secrets',
    {
      config: member('c'),
      schema: {
        tags,
        summary: 'Create an org secret (c); replaces a live one only for its owner or a holder of D',
        params: OrgParams,
        body: CreateSecretBody,
        response: { 201: KeyResult },
      },
    },
    async (request, reply) => {
      const p = asPrincipal(request.identity);
      const result = await createSecret(ctx, orgPolicy(p), request.body, auditContext(request, p.orgId));
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/orgs/:org/secrets',
    {
      config: member('lL'),
      schema: {
        tags,
        summary: "List the org's secrets (L), or the caller's own (l); no values",
        params: OrgParams,
        response: { 200: SecretList },
      },
    },
    async (request) => {
      const p = asPrincipal(request.identity);
      const options = has(p.permissions, 'L') ? {} : { ownerId: p.principalId };
      const list = await ctx.store.listSecrets(p.orgId, ctx.clock.now(), options);
      return { secrets: list.map(secretMetaJson) };
    },
  );

  app.head(
    '/orgs/:org/secrets/:key',
    {
      config: member('rR'),
      schema: {
        tags,
        summary: 'Secret metadata in X-Sirr-* headers; never consumes a read',
        params: OrgKeyParams,
      },
    },
    async (request, reply) => {
      const p = asPrincipal(request.identity);
      const { meta, sealed } = await headSecret(ctx, orgPolicy(p), request.params.key);
      return reply
        .status(sealed ? 410 : 200)
        .headers(headHeaders(meta, sealed))
        .send();
    },
  );

  app.get(
    '/orgs/:org/secrets/:key',
    {
      config: member('rR'),
      schema: {
        tags,
        summary:
          'Read an org secret (consumes one read): R any, r own; allowed_keys binds key names, unique within the org',
        params: OrgKeyParams,
        response: { 200: SecretValue, 410: ErrorBody },
      },
    },
    async (request) => {
      const p = asPrincipal(request.identity);
      return readSecret(ctx, orgPolicy(p), request.params.key, auditContext(request, p.orgId));
    },
  );

  app.patch(
    '/orgs/:org/secrets/:key',
    {
      config: member('pP'),
      schema: {
        tags,
        summary: 'Change value, max_reads or ttl (P any, p own); resets the read count',
        params: OrgKeyParams,
        body: PatchSecretBody,
        response: { 200: SecretMetaSchema },
      },
    },
    async (request) => {
      const p = asPrincipal(request.identity);
      return patchSecret(ctx, orgPolicy(p), request.params.key, request.body, auditContext(request, p.orgId));
    },
  );

  app.delete(
    '/orgs/:org/secrets/:key',
    {
      config: member('dD'),
      schema: {
        tags,
        summary: 'Delete an org secret (D any, d own)',
        params: OrgKeyParams,
        response: { 200: Deleted },
      },
    },
    async (request) => {
      const p = asPrincipal(request.identity);
      return deleteSecret(ctx, orgPolicy(p), request.params.key, auditContext(request, p.orgId));
    },
  );
}
