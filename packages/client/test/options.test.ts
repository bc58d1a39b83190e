/** Construction, URL building and argument checks: no server involved. */
import { optionsFromEnv, VaultError, WardenClient } from '@warden/client';
import { describe, expect, it } from 'vitest';

const TOKEN = 'sirr_key_0123456789abcdef0123456789abcdef';

describe('WardenClient options', () => {
  it('normalizes the server URL: trailing slashes, path prefix, sirr:// schemes', () => {
    expect(new WardenClient({ server: 'http://127.0.0.1:8080///' }).server).toBe('http://127.0.0.1:8080');
    expect(new WardenClient({ server: 'https://vault.example/base/' }).server).toBe(
      'https://vault.example/base',
    );
    expect(new WardenClient({ server: 'sirr://localhost:39999' }).server).toBe('http://localhost:39999');
    expect(new WardenClient({ server: 'sirrs://vault.example' }).server).toBe('https://vault.example');
  });

  it('refuses servers that are not http(s), or that carry credentials, without quoting them', () => {
    expect(() => new WardenClient({ server: 'ftp://x' })).toThrow(TypeError);
    expect(() => new WardenClient({ server: `http://u:${TOKEN}@h` })).toThrow(/credentials/);
    try {
      new WardenClient({ server: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(TOKEN);
    }
  });

  it('refuses a token fetch would reject, with a message that does not quote it', () => {
    for (const bad of [`${TOKEN}\r\nX-Evil: 1`, 'has space', '']) {
      try {
        new WardenClient({ server: 'http://127.0.0.1:1', token: bad });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(TypeError);
        expect((err as Error).message).not.toContain(TOKEN);
      }
    }
  });

  it('refuses "." and ".." as path segments: the URL parser would route them elsewhere', async () => {
    const c = new WardenClient({ server: 'http://127.0.0.1:1', token: TOKEN });
    await expect(c.get('..')).rejects.toThrow(RangeError);
    await expect(c.delete('.')).rejects.toThrow(RangeError);
    expect(() => new WardenClient({ server: 'http://127.0.0.1:1', org: '..' })).toThrow(RangeError);
    await expect(c.principals.delete('org', '..')).rejects.toThrow(RangeError);
  });

  it('checks push arguments before any request', async () => {
    const c = new WardenClient({ server: 'http://127.0.0.1:1', token: TOKEN });
    await expect(c.push('K', 'v', { reads: 0 })).rejects.toThrow(RangeError);
    await expect(c.push('K', 'v', { reads: 1.5 })).rejects.toThrow(RangeError);
    await expect(c.push('K', 'v', { ttl: -1 })).rejects.toThrow(RangeError);
    await expect(c.push('K', 'v', { ttl: 315_360_001 })).rejects.toThrow(RangeError);
    await expect(c.push('', 'v')).rejects.toThrow(TypeError);
    await expect(c.push('K', new Uint8Array([0xff, 0xfe]))).rejects.toThrow(/UTF-8/);
    // The public bucket has no principal keys: a binding would silently mean nothing.
    await expect(c.push('K', 'v', { allowedKeys: ['ci'] })).rejects.toThrow(/org-scoped/);
  });

  it('reads WARDEN_* and the SIRR_* aliases; WARDEN_* and defined overrides win', () => {
    expect(optionsFromEnv({}, {})).toEqual({
      server: 'http://127.0.0.1:8080',
      token: undefined,
      org: undefined,
    });
    expect(optionsFromEnv({}, { SIRR_SERVER: 'http://s:1', SIRR_TOKEN: 't1', SIRR_ORG: 'o1' })).toEqual({
      server: 'http://s:1',
      token: 't1',
      org: 'o1',
    });
    const both = {
      WARDEN_SERVER: 'http://w:2',
      SIRR_SERVER: 'http://s:1',
      WARDEN_TOKEN: 'w',
      SIRR_TOKEN: 's',
    };
    expect(optionsFromEnv({}, both)).toMatchObject({ server: 'http://w:2', token: 'w' });
    expect(optionsFromEnv({ token: 'flag', server: undefined }, both)).toMatchObject({
      server: 'http://w:2',
      token: 'flag',
    });
    const c = WardenClient.fromEnv({}, { WARDEN_SERVER: 'http://127.0.0.1:9/', WARDEN_TOKEN: 'tok' });
    expect(c.server).toBe('http://127.0.0.1:9');
    expect(c.hasToken).toBe(true);
    // The token is not reachable through the object's enumerable state.
    expect(JSON.stringify(c)).not.toContain('tok');
  });

  it('VaultError is a WardenError with status and code', async () => {
    const { WardenError } = await import('@warden/core');
    const e = new VaultError('not_found', 'x', { status: 404 });
    expect(e).toBeInstanceOf(WardenError);
    expect(e).toMatchObject({ code: 'not_found', status: 404, name: 'VaultError' });
  });
});
