const PREFIX = 'Bearer ';

/**
 * The token of an `Authorization` header, exactly as Sirr v1 reads it: only
 * the prefix `"Bearer "` (capital B, one space) counts; any other form is
 * "no token". An empty token is no token either.
 */
export function parseBearer(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || !header.startsWith(PREFIX)) return undefined;
  const token = header.slice(PREFIX.length);
  return token === '' ? undefined : token;
}
