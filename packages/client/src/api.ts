/** The request helper shared by the client and its admin namespaces (internal). */
import { type Call, errorFor, type Reply, send, type TransportConfig } from './transport.js';
import { segment } from './url.js';

export class Api {
  constructor(
    readonly config: TransportConfig,
    /** Org id of an org-scoped client; undefined for the public bucket. */
    readonly org: string | undefined,
  ) {}

  /** The reply, whatever its status. */
  send(call: Call): Promise<Reply> {
    return send(this.config, call);
  }

  /** The parsed body of a 2xx reply; any other status throws its `VaultError`. */
  async ok(call: Call): Promise<unknown> {
    const reply = await this.send(call);
    if (reply.status >= 200 && reply.status < 300) return reply.data;
    throw this.error(reply, call);
  }

  /** DELETE that reports absence: true when deleted, false on 404. */
  async deleted(call: Call): Promise<boolean> {
    const reply = await this.send(call);
    if (reply.status >= 200 && reply.status < 300) return true;
    if (reply.status === 404) return false;
    throw this.error(reply, call);
  }

  error(reply: Reply, call: Call): Error {
    return errorFor(reply, [this.config.token, ...(call.redact ?? [])]);
  }

  /** `/orgs/{org}/<kind>` for an org-scoped client, `/<kind>` otherwise (Sirr's `{S}`, `{A}`, `{W}`, `{P}`). */
  scoped(kind: 'secrets' | 'audit' | 'webhooks' | 'prune'): string {
    return this.org === undefined ? `/${kind}` : `/orgs/${segment(this.org, 'org')}/${kind}`;
  }
}
