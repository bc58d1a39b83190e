import { type Access, asPrincipal } from '../auth/access.js';
import { has } from '../auth/permissions.js';
import type { App, AppContext } from '../context.js';
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
import { orgCaller } from '../secrets/caller.js';
import { createSecret, deleteSecret, headSecret, patchSecret, readSecret } from '../secrets/operations.js';
import { secretMetaJson, sendHead } from '../secrets/serialize.js';

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
      const result = await createSecret(ctx, orgCaller(request), request.body);
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
    async (request, reply) => sendHead(reply, await headSecret(ctx, orgCaller(request), request.params.key)),
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
    async (request) => readSecret(ctx, orgCaller(request), request.params.key),
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
    async (request) => patchSecret(ctx, orgCaller(request), request.params.key, request.body),
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
    async (request) => deleteSecret(ctx, orgCaller(request), request.params.key),
  );
}
