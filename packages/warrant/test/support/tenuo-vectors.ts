import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One warrant vector of Tenuo's test-vectors.md: its section, label, field table and hex blocks. */
export interface WarrantVector {
  /** e.g. "A.3 Level 1", "A.14 Forged (Invalid Signature)", "A.4 Invalid Child". */
  name: string;
  fields: Record<string, string>;
  payload: string;
  signature: string;
}

const file = fileURLToPath(new URL('../fixtures/tenuo/test-vectors.md', import.meta.url));
export const vectorsText = readFileSync(file, 'utf8');

/** The hex in the first fenced block after line `from` (whitespace removed). */
export function hexBlockAfter(lines: string[], from: number): string {
  let i = from;
  while (i < lines.length && !(lines[i] as string).startsWith('```')) i++;
  let out = '';
  for (i++; i < lines.length && !(lines[i] as string).startsWith('```'); i++)
    out += (lines[i] as string).trim();
  return out;
}

/** The hex block following the bold heading that starts with `heading` inside section `section`. */
export function namedHex(section: string, heading: string): string {
  const lines = vectorsText.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${section} `) || l.startsWith(`### ${section} `));
  if (start < 0) throw new Error(`no section ${section}`);
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (i > start + 1 && /^##? A\./.test(l)) break;
    if (l.startsWith(`**${heading}`)) return hexBlockAfter(lines, i + 1);
  }
  throw new Error(`no ${heading} in ${section}`);
}

/** Every warrant payload of the document, in order, with its signature. */
export function warrantVectors(): WarrantVector[] {
  const lines = vectorsText.split('\n');
  const out: WarrantVector[] = [];
  let section = '';
  let label = '';
  let fields: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const heading = /^#{2,3} (A\.[0-9.]+[a-z.]*)/.exec(l);
    if (heading) {
      section = (heading[1] as string).replace(/\.$/, '');
      label = '';
      fields = {};
      continue;
    }
    const bold = /^\*\*([^*]+)\*\*$/.exec(l);
    if (bold && !(bold[1] as string).endsWith(':')) {
      label = (bold[1] as string).replace(/^A\.[0-9.]+ ?/, '');
      fields = {};
      continue;
    }
    const row = /^\| ([A-Za-z ]+) \| `?([^`|]+)`? \|$/.exec(l);
    if (row) fields[(row[1] as string).trim()] = (row[2] as string).trim();
    if (/^\*\*(Invalid Child )?Payload CBOR \(\d+ bytes\):\*\*$/.test(l)) {
      const payload = hexBlockAfter(lines, i + 1);
      const sigLine = lines.findIndex(
        (x, j) => j > i && /^\*\*(Invalid Child )?Signature \(64 bytes\):\*\*$/.test(x),
      );
      const name = l.includes('Invalid Child')
        ? `${section} Invalid Child`
        : `${section}${label ? ` ${label}` : ''}`;
      out.push({ name, fields: { ...fields }, payload, signature: hexBlockAfter(lines, sigLine + 1) });
    }
  }
  return out;
}
