// parseJsonPreservingNumbers: JSON text -> values, keeping 1 and 1.0 apart (as serde_json reads them).
import { CborFloat } from '../cbor/value.js';
import { encodingError } from './errors.js';
import { MCP_LIMITS } from './limits.js';
import { I64_MIN, LONE_SURROGATE, U64_MAX } from './values.js';

/**
 * Parses JSON text the way serde_json reads Tenuo's tool arguments, keeping
 * what `JSON.parse` loses: an integer literal is a `number` (or `bigint` past
 * 2^53), a literal with `.` or an exponent is a {@link CborFloat}. Like
 * serde_json, `-0` and integers outside [i64::MIN, u64::MAX] are floats,
 * floats that overflow are errors, and nesting stops at 127 containers.
 * Stricter than serde_json: duplicate object keys and unpaired surrogates are
 * refused instead of last-one-wins / accepted-as-is.
 *
 * @throws WarrantError `invalid_encoding` for anything that is not such JSON.
 */
export function parseJsonPreservingNumbers(text: string): unknown {
  if (typeof text !== 'string') throw encodingError('JSON input must be a string');
  const parser = new JsonParser(text);
  parser.ws();
  const value = parser.value(0);
  parser.ws();
  if (parser.i !== text.length) parser.fail('trailing characters');
  return value;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class JsonParser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw encodingError(`invalid JSON: ${what} at offset ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  value(depth: number): unknown {
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      if (depth + 1 > MCP_LIMITS.maxArgumentDepth) this.fail('nesting too deep');
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end' : 'unexpected character');
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail('duplicate key');
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      Object.defineProperty(out, key, {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
      this.ws();
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
      this.ws();
    }
  }

  string(): string {
    const s = this.s;
    let out = '';
    let start = ++this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      start = this.i;
    }
    out += s.slice(start, this.i);
    this.i++;
    // Checked on the decoded text so escaped and raw lone surrogates are both caught.
    if (LONE_SURROGATE.test(out)) this.fail('unpaired surrogate in string');
    return out;
  }

  number(): unknown {
    JSON_NUMBER.lastIndex = this.i;
    const m = JSON_NUMBER.exec(this.s);
    if (m === null || m[0] === '-') this.fail('bad number');
    const lit = m[0];
    this.i += lit.length;
    const isInteger = !/[.eE]/.test(lit);
    if (isInteger && lit !== '-0') {
      const v = BigInt(lit);
      if (v >= I64_MIN && v <= U64_MAX) {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v;
      }
    }
    // serde_json parses -0 and out-of-range integers as f64 and refuses f64 overflow.
    const f = Number(lit);
    if (!Number.isFinite(f)) this.fail('number out of range');
    return new CborFloat(f);
  }
}
