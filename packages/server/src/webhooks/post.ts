import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress, isPrivateHost } from './targets.js';

/** Thrown when a webhook target is (or resolves to) a refused address. */
export class TargetRefusedError extends Error {
  readonly code = 'webhook_target_refused';
  constructor() {
    super('webhook target resolves to a private, loopback or link-local address');
  }
}

/**
 * A DNS lookup that refuses private addresses. It runs at connect time, so
 * the address checked is the address used: a name that resolves to a public
 * address when registered and to 127.0.0.1 later (DNS rebinding) is still
 * refused. Any private address among the answers refuses the whole name.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
        return callback(new TargetRefusedError(), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(new Error('no address'), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** What one delivery attempt sends. */
export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

/**
 * POSTs `body` to `url` and resolves with the status code. Redirects are not
 * followed (a 3xx is a failure): following one would let a public target
 * bounce the request to an internal one. The response body is discarded.
 */
export function postJson(url: string, body: string, options: PostOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error('invalid webhook URL'));
      return;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error('webhook URL must be http or https'));
      return;
    }
    if (!options.allowPrivateTargets && isPrivateHost(target.hostname)) {
      reject(new TargetRefusedError());
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(payload.length) },
        lookup: guardedLookup(options.allowPrivateTargets),
        timeout: options.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}
