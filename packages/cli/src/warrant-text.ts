import { decodeChain, type Warrant } from '@warden/warrant';
import { usage } from './errors.js';
import { type InputReader, isFile } from './io.js';

/**
 * Decodes a warrant or a chain from text (base64url or base64 of a warrant or
 * stack, or PEM blocks). Signatures are verified; linkage, trust and the
 * issued-in-future check are left to `verify`, so `inspect` can show any warrant.
 */
export function decodeChainText(text: string): Warrant[] {
  return decodeChain(text);
}

/** Whether a command-line value is warrant text rather than a path (Tenuo accepts both). */
function looksLikeWarrantText(value: string): boolean {
  return value.includes('-----BEGIN') || (value.length >= 64 && /^[A-Za-z0-9+/_=-]+$/.test(value.trim()));
}

/**
 * Reads warrants from each source (a file, `-` for stdin, or literal base64
 * or PEM text as Tenuo's CLI allows) and concatenates them root first.
 */
export async function readChain(
  sources: readonly string[],
  what: string,
  reader: InputReader,
): Promise<Warrant[]> {
  if (sources.length === 0)
    throw usage('missing_input', `${what}: give a file, - for stdin, or warrant text`);
  const out: Warrant[] = [];
  for (const source of sources) {
    // A file wins over text of the same spelling, as in Tenuo's `read_warrant`.
    const literal = source !== '-' && !isFile(source) && looksLikeWarrantText(source);
    const text = literal ? source : await reader.readText(source, what);
    out.push(...decodeChainText(text));
  }
  return out;
}
