import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CborFloat } from '../src/cbor/value.js';
import { WarrantError } from '../src/errors.js';
import {
  type CompiledMcpConfig,
  extractionErrorToJsonRpc,
  MCP_LIMITS,
  McpConfig,
  McpExtractionError,
  parseJsonPreservingNumbers,
} from '../src/mcp/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/tenuo/mcp/${name}`, import.meta.url), 'utf8');

const compileYaml = (yaml: string, enforceHints = true): CompiledMcpConfig =>
  McpConfig.fromYaml(yaml).compile({ enforceHints });

/** One tool `t` with the given rules, written as YAML flow maps. */
function oneTool(rules: Record<string, string>): string {
  const lines = Object.entries(rules).map(([name, rule]) => `      ${name}: ${rule}`);
  return `version: "1"\ntools:\n  t:\n    description: ""\n    constraints:\n${lines.join('\n')}\n`;
}

function extract(rules: Record<string, string>, args: unknown, enforceHints = true) {
  return compileYaml(oneTool(rules), enforceHints).extractConstraints('t', args).constraints;
}

function caught(fn: () => unknown): WarrantError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WarrantError);
    return e as WarrantError;
  }
  throw new Error('expected an error');
}

const json = parseJsonPreservingNumbers;

describe('Tenuo fixtures', () => {
  it('examples/mcp-config.yaml loads, compiles and validates cleanly', () => {
    const config = McpConfig.fromYaml(fixture('mcp-config.yaml'));
    expect(config.version).toBe('1');
    expect(config.settings.trustedIssuers).toEqual([
      'f32e74b5a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8',
    ]);
    const compiled = config.compile();
    expect(compiled.tools).toEqual([
      'filesystem_read',
      'filesystem_write',
      'database_query',
      'execute_code',
      'http_request',
    ]);
    expect(compiled.validate()).toEqual([]);
    const rule = config.tools.get('database_query')?.constraints.get('operation');
    expect(rule).toMatchObject({ from: 'body', path: 'query.operation', required: true });
    expect(rule?.allowedValues).toEqual(['select', 'insert', 'update', 'delete']);
  });

  it('examples/mcp-config.yaml extracts nested values, defaults and lists', () => {
    const c = McpConfig.fromYaml(fixture('mcp-config.yaml')).compile();
    const fs = c.extractConstraints('filesystem_read', {
      path: '/var/log/app.log',
      allowedPaths: ['/var', '/tmp'],
    });
    expect(Object.fromEntries(fs.constraints)).toEqual({
      path: '/var/log/app.log',
      max_size: 1048576,
      allowed_paths: ['/var', '/tmp'],
    });
    const db = c.extractConstraints('database_query', {
      query: { table: 'users', operation: 'select', limit: 5 },
    });
    expect(Object.fromEntries(db.constraints)).toEqual({ table: 'users', operation: 'select', row_limit: 5 });
    const code = c.extractConstraints('execute_code', { code: { language: 'python' } });
    expect(Object.fromEntries(code.constraints)).toEqual({
      language: 'python',
      timeout: 30,
      max_memory: 512,
    });
  });

  it('examples/mcp-config.yaml allowed_values are enforced by default and ignored in Tenuo mode', () => {
    const args = { query: { table: 'users', operation: 'drop' } };
    const strict = McpConfig.fromYaml(fixture('mcp-config.yaml')).compile();
    const e = caught(() => strict.extractConstraints('database_query', args));
    expect(e.code).toBe('constraint_violation');
    expect(e.message).not.toContain('drop');
    const tenuo = McpConfig.fromYaml(fixture('mcp-config.yaml')).compile({ enforceHints: false });
    expect(tenuo.extractConstraints('database_query', args).constraints.get('operation')).toBe('drop');
  });

  it('tenuo-python example: value_type is an unknown key, ignored and reported', () => {
    const config = McpConfig.fromYaml(fixture('python-mcp-config.yaml'));
    const c = config.compile();
    expect(config.tools.get('read_file')?.constraints.get('max_size')?.valueType).toBeUndefined();
    expect(c.validate()).toEqual([
      'Unknown key tools."read_file".constraints."max_size"."value_type" is ignored',
      'Unknown key tools."transfer".constraints."amount"."value_type" is ignored',
    ]);
    const t = c.extractConstraints('transfer', json('{"amount": 12.50, "destination": "acct-1"}'));
    expect(t.constraints.get('amount')).toEqual(new CborFloat(12.5));
    expect(c.extractConstraints('read_file', { path: '/a' }).constraints.get('max_size')).toBe(4096);
  });

  it('docs/mcp.md example', () => {
    const c = McpConfig.fromYaml(fixture('docs-mcp-example.yaml')).compile();
    const r = c.extractConstraints('database_query', { query: { table: 'orders', operation: 'insert' } });
    expect(Object.fromEntries(r.constraints)).toEqual({
      table: 'orders',
      operation: 'insert',
      row_limit: 100,
    });
  });

  it('mcp.rs test_mcp_config_from_file and test_mcp_config_minimal_without_settings', () => {
    const full = McpConfig.fromYaml(fixture('mcp-rs-from-file.yaml'));
    expect(full.version).toBe('1');
    expect(full.settings.trustedIssuers).toHaveLength(1);
    expect(full.tools.has('filesystem_read')).toBe(true);
    const minimal = McpConfig.fromYaml(fixture('mcp-rs-minimal.yaml'));
    expect(minimal.tools.has('read_file')).toBe(true);
    expect(minimal.settings.trustedIssuers).toEqual([]);
  });

  it('mcp.rs test_compiled_mcp_config_validate(_incompatible_source) and test_extract_constraints_no_warrant_fields', () => {
    const rule = (from: string) => ({
      version: '1',
      settings: { trusted_issuers: [] },
      tools: {
        read_file: {
          description: 'Read a file',
          constraints: { path: { from, path: 'path', required: true } },
        },
      },
    });
    const ok = McpConfig.fromObject(rule('body')).compile();
    expect(ok.tools).toEqual(['read_file']);
    expect(ok.settings.trustedIssuers).toEqual([]);
    expect(ok.validate()).toEqual([]);
    const r = ok.extractConstraints('read_file', { path: '/data/file.txt' });
    expect(r.constraints.has('path')).toBe(true);
    expect(Object.keys(r).sort()).toEqual(['constraints', 'tool', 'traces']);
    expect(McpConfig.fromObject(rule('path')).compile().validate()).toEqual([
      "Tool 'read_file' field 'path' uses Path source, which won't work in MCP (only body/literal supported)",
    ]);
  });

  it('tenuo-python test_mcp.py: extract, default, missing required, unknown tool', () => {
    const c = McpConfig.fromYaml(fixture('python-test-mcp-sample.yaml')).compile();
    const r = c.extractConstraints('filesystem_read', { path: '/var/log/syslog', maxSize: 5000 });
    expect(r.tool).toBe('filesystem_read');
    expect(Object.fromEntries(r.constraints)).toEqual({ path: '/var/log/syslog', max_size: 5000 });
    expect(
      c.extractConstraints('filesystem_read', { path: '/var/log/syslog' }).constraints.get('max_size'),
    ).toBe(1048576);
    const missing = caught(() => c.extractConstraints('filesystem_read', { maxSize: 5000 }));
    expect(missing).toBeInstanceOf(McpExtractionError);
    expect(missing.code).toBe('missing_required_field');
    expect(missing.message).toContain('Missing required field');
    expect(missing).toMatchObject({ field: 'path', source: 'body', path: 'path', required: true });
    const unknown = caught(() => c.extractConstraints('unknown_tool', { path: '/foo' }));
    expect(unknown.code).toBe('missing_required_field');
    expect(unknown).toMatchObject({ field: 'tool' });
    expect(unknown.message).not.toContain('unknown_tool');
    expect(extractionErrorToJsonRpc(missing as McpExtractionError).code).toBe(-32602);
  });

  it('tenuo-python _mcp_test_fixtures CONFIG_B default and test_mcp_nested_field_extraction', () => {
    const b = McpConfig.fromYaml(fixture('python-fixtures-config-b.yaml')).compile();
    expect(b.extractConstraints('read_file', { path: '/data/log.txt' }).constraints.get('max_size')).toBe(
      512,
    );
    const n = McpConfig.fromYaml(fixture('python-nested-fields.yaml')).compile();
    const r = n.extractConstraints('db_query', { query: { table: 'users', operation: 'SELECT' } });
    expect(Object.fromEntries(r.constraints)).toEqual({ table: 'users', op: 'SELECT' });
  });

  it('tests/security/test_mcp_dos.py: 150 constraints on one tool is refused at compile', () => {
    const rules = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`param_${i}`, `{ from: body, path: param_${i} }`]),
    );
    const config = McpConfig.fromYaml(oneTool(rules));
    const e = caught(() => config.compile());
    expect(e.code).toBe('invalid_config');
    expect(e.message).toContain('too many constraints');
  });
});

describe('extraction.rs unit cases', () => {
  it('simple, nested, array index, wildcard', () => {
    const body = json(
      '{"name":"test","count":42,"spec":{"replicas":5,"container":{"image":"nginx:latest"}},' +
        '"items":[{"id":"first"},{"id":"second"}],' +
        '"transfers":[{"amount":100,"recipient":"alice"},{"amount":200,"recipient":"bob"}]}',
    );
    const got = extract(
      {
        name: '{ from: body, path: name }',
        count: '{ from: body, path: count }',
        replicas: '{ from: body, path: spec.replicas }',
        image: '{ from: body, path: spec.container.image }',
        first: '{ from: body, path: items.0.id }',
        second: '{ from: body, path: items.1.id }',
        amounts: '{ from: body, path: transfers.*.amount }',
        ids: '{ from: body, path: items.*.id }',
      },
      body,
    );
    expect(Object.fromEntries(got)).toEqual({
      name: 'test',
      count: 42,
      replicas: 5,
      image: 'nginx:latest',
      first: 'first',
      second: 'second',
      amounts: [100, 200],
      ids: ['first', 'second'],
    });
  });

  it('integer preservation, floats, objects', () => {
    const got = extract(
      {
        id: '{ from: body, path: id }',
        price: '{ from: body, path: price }',
        cost: '{ from: body, path: metadata.cost }',
        meta: '{ from: body, path: meta }',
      },
      json(
        '{"id": 9007199254740993, "price": 19.99, "metadata": {"cost": 150.0}, "meta": {"owner": "admin", "cost": 100}}',
      ),
    );
    expect(got.get('id')).toBe(9007199254740993n);
    expect(got.get('price')).toEqual(new CborFloat(19.99));
    expect(got.get('cost')).toEqual(new CborFloat(150));
    expect(got.get('meta')).toEqual({ cost: 100, owner: 'admin' });
  });
});

describe('paths', () => {
  const rules = (path: string, extra = '') => ({ v: `{ from: body, path: "${path}"${extra} }` });

  it('an index never matches an object key, a field never matches a list', () => {
    expect(extract(rules('a.0'), { a: { '0': 'x' } }).has('v')).toBe(false);
    expect(extract(rules('a.x'), { a: ['x'] }).has('v')).toBe(false);
    // usize::from_str accepts a leading '+' and leading zeros.
    expect(extract(rules('a.+1'), { a: ['x', 'y'] }).get('v')).toBe('y');
    expect(extract(rules('a.01'), { a: ['x', 'y'] }).get('v')).toBe('y');
    // Past u64::MAX it is a field name again.
    expect(extract(rules('a.99999999999999999999'), { a: { '99999999999999999999': 1 } }).get('v')).toBe(1);
    expect(extract(rules('a.5'), { a: ['x'] }).has('v')).toBe(false);
  });

  it('wildcards collect lists, drop items without the rest of the path, and nest', () => {
    const body = { items: [{ id: 'a' }, { other: 1 }, { id: null }, 'str', { id: 'b' }] };
    expect(extract(rules('items.*.id'), body).get('v')).toEqual(['a', null, 'b']);
    expect(extract(rules('items.*'), { items: [1, 'x'] }).get('v')).toEqual([1, 'x']);
    const nested = { a: [{ b: [{ c: 1 }, { c: 2 }] }, { b: [] }, { b: [{ c: 3 }] }] };
    expect(extract(rules('a.*.b.*.c'), nested).get('v')).toEqual([[1, 2], [3]]);
    expect(extract(rules('m.*'), { m: { x: 1 } }).has('v')).toBe(false);
  });

  it('an empty wildcard result is missing: default or required error', () => {
    expect(extract(rules('items.*.id', ', default: [none]'), { items: [{ x: 1 }] }).get('v')).toEqual([
      'none',
    ]);
    expect(extract(rules('items.*', ', default: 0'), { items: [] }).get('v')).toBe(0);
    const e = caught(() => extract(rules('items.*.id', ', required: true'), { items: [] }));
    expect(e.code).toBe('missing_required_field');
  });

  it('a JSON null is a value, so no default replaces it', () => {
    expect(extract(rules('x', ', default: 5'), { x: null }).get('v')).toBeNull();
    expect(extract(rules('x', ', default: 5'), {}).get('v')).toBe(5);
  });

  it('arguments that are not objects match nothing; undefined arguments are {}', () => {
    expect(extract(rules('x', ', default: d'), ['x']).get('v')).toBe('d');
    expect(extract(rules('x', ', default: d'), 'x').get('v')).toBe('d');
    expect(extract(rules('x', ', default: d'), undefined).get('v')).toBe('d');
  });

  it('objects come out in Rust BTreeMap (UTF-8 byte) key order', () => {
    const v = extract(rules('o'), { o: { b: 1, '\u{1F600}': 2, '\uE000': 3, a: 4 } }).get('v') as object;
    expect(Object.keys(v)).toEqual(['a', 'b', '\uE000', '\u{1F600}']);
  });

  it('empty segments are field names', () => {
    expect(extract(rules('a..b'), { a: { '': { b: 1 } } }).get('v')).toBe(1);
    expect(extract(rules(''), { '': 2 }).get('v')).toBe(2);
  });

  it('__proto__ is an ordinary key', () => {
    const body = json('{"__proto__": {"polluted": "yes"}}');
    const v = extract(rules('__proto__'), body).get('v') as Record<string, unknown>;
    expect(v).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const whole = extract(
      { w: '{ from: body, path: "" , default: 0}', all: '{ from: body, path: "x" }' },
      {
        x: body,
      },
    ).get('all') as object;
    expect(Object.getPrototypeOf(whole)).toBe(Object.prototype);
    expect(Object.keys(whole)).toEqual(['__proto__']);
  });
});

describe('required, default, sources', () => {
  it('a required rule ignores its default', () => {
    const e = caught(() => extract({ v: '{ from: body, path: x, required: true, default: 1 }' }, {}));
    expect(e.code).toBe('missing_required_field');
    expect(e.message).toBe('Missing required field "v" (from body, path: "x")');
  });

  it('literal yields its default; without one it is missing', () => {
    expect(
      extract({ v: '{ from: literal, path: ignored, default: fixed }' }, { ignored: 'no' }).get('v'),
    ).toBe('fixed');
    expect(extract({ v: '{ from: literal, path: p }' }, {}).has('v')).toBe(false);
    const e = caught(() => extract({ v: '{ from: literal, path: p, required: true }' }, {}));
    expect(e).toMatchObject({ code: 'missing_required_field', source: 'literal' });
  });

  it('path, query and header sources never match in MCP', () => {
    const c = compileYaml(
      oneTool({
        a: '{ from: query, path: a, default: dq }',
        b: '{ from: header, path: b }',
        c: '{ from: path, path: c, required: true }',
      }),
    );
    expect(c.validate()).toHaveLength(3);
    expect(caught(() => c.extractConstraints('t', { a: 1, b: 2, c: 3 })).code).toBe('missing_required_field');
    const lenient = compileYaml(
      oneTool({ a: '{ from: query, path: a, default: dq }', b: '{ from: header, path: b }' }),
    );
    expect(Object.fromEntries(lenient.extractConstraints('t', { a: 1, b: 2 }).constraints)).toEqual({
      a: 'dq',
    });
  });

  it('traces record each outcome without values', () => {
    const r = compileYaml(
      oneTool({
        a: '{ from: body, path: a }',
        b: '{ from: body, path: b, default: 1 }',
        c: '{ from: body, path: c }',
      }),
    ).extractConstraints('t', { a: 'secret' });
    expect(r.traces.map((t) => [t.field, t.outcome])).toEqual([
      ['a', 'extracted'],
      ['b', 'default'],
      ['c', 'absent'],
    ]);
    expect(JSON.stringify(r.traces)).not.toContain('secret');
  });

  it('results are frozen and defaults cannot be mutated through them', () => {
    const c = compileYaml(
      oneTool({ d: '{ from: body, path: d, default: {k: [1]} }', a: '{ from: body, path: a }' }),
    );
    const d = c.extractConstraints('t', { a: { x: [1] } });
    expect(Object.isFrozen(d.constraints.get('d'))).toBe(true);
    expect(Object.isFrozen((d.constraints.get('d') as { k: unknown }).k)).toBe(true);
    expect(Object.isFrozen(d.constraints.get('a'))).toBe(true);
  });
});

describe('type and allowed_values hints', () => {
  it('type mismatches are constraint violations that never echo the value', () => {
    const e = caught(() => extract({ n: '{ from: body, path: n, type: integer }' }, { n: 'hunter2-secret' }));
    expect(e.code).toBe('constraint_violation');
    expect(e.message).toBe('Field "n" is not of type integer');
    expect(e.message).not.toContain('hunter2');
    // No coercion: 5.0 is a float and "5" is text.
    expect(
      caught(() => extract({ n: '{ from: body, path: n, type: integer }' }, json('{"n": 5.0}'))).code,
    ).toBe('constraint_violation');
    expect(extract({ n: '{ from: body, path: n, type: integer }' }, { n: 5 }).get('n')).toBe(5);
  });

  it('each type name', () => {
    const ok: [string, unknown][] = [
      ['string', 's'],
      ['integer', 1],
      ['float', 1.5],
      ['float', 2],
      ['number', 2],
      ['boolean', false],
      ['list', []],
      ['object', {}],
    ];
    for (const [type, v] of ok)
      expect(extract({ v: `{ from: body, path: v, type: ${type} }` }, { v }).has('v')).toBe(true);
    const bad: [string, unknown][] = [
      ['string', 1],
      ['integer', 1.5],
      ['float', '1.5'],
      ['boolean', 'true'],
      ['list', {}],
      ['object', []],
      ['integer', null],
    ];
    for (const [type, v] of bad) {
      expect(caught(() => extract({ v: `{ from: body, path: v, type: ${type} }` }, { v })).code).toBe(
        'constraint_violation',
      );
    }
  });

  it('below a wildcard, type and allowed_values apply per element', () => {
    const body = { items: [{ id: 1 }, { id: 2 }] };
    expect(extract({ v: '{ from: body, path: items.*.id, type: integer }' }, body).get('v')).toEqual([1, 2]);
    expect(
      caught(() =>
        extract(
          { v: '{ from: body, path: items.*.id, type: integer }' },
          { items: [{ id: 1 }, { id: 'x' }] },
        ),
      ).code,
    ).toBe('constraint_violation');
    const allowed = '{ from: body, path: ops.*.op, allowed_values: [read, list] }';
    expect(extract({ v: allowed }, { ops: [{ op: 'read' }, { op: 'list' }] }).get('v')).toEqual([
      'read',
      'list',
    ]);
    expect(caught(() => extract({ v: allowed }, { ops: [{ op: 'read' }, { op: 'write' }] })).code).toBe(
      'constraint_violation',
    );
  });

  it('allowed_values compares text only', () => {
    const rule = { v: '{ from: body, path: v, allowed_values: [1, "a"] }' };
    expect(extract(rule, { v: '1' }).get('v')).toBe('1');
    expect(caught(() => extract(rule, { v: 1 })).code).toBe('constraint_violation');
    expect(extract(rule, { v: ['a', '1'] }).get('v')).toEqual(['a', '1']);
  });

  it('enforceHints: false is Tenuo: hints are parsed and ignored', () => {
    const rules = { v: '{ from: body, path: v, type: integer, allowed_values: [x] }' };
    expect(extract(rules, { v: 'y' }, false).get('v')).toBe('y');
    expect(compileYaml(oneTool({ v: '{ from: body, path: v, type: bogus }' }), false).tools).toEqual(['t']);
  });

  it('unknown type names and defaults that break their own hints are config errors when enforcing', () => {
    for (const rule of [
      '{ from: body, path: v, type: bogus }',
      '{ from: body, path: v, type: integer, default: "5" }',
      '{ from: body, path: v, allowed_values: [a], default: b }',
    ]) {
      expect(caught(() => compileYaml(oneTool({ v: rule }))).code).toBe('invalid_config');
    }
  });
});

describe('number mapping (json_to_constraint_value)', () => {
  const all = (args: unknown) => extract({ v: '{ from: body, path: v }' }, args).get('v');

  it('JSON text keeps 1 and 1.0 apart and follows serde_json ranges', () => {
    expect(all(json('{"v": 1}'))).toBe(1);
    expect(all(json('{"v": 1.0}'))).toEqual(new CborFloat(1));
    expect(all(json('{"v": 1e2}'))).toEqual(new CborFloat(100));
    expect(all(json('{"v": 9223372036854775807}'))).toBe(9223372036854775807n);
    expect(all(json('{"v": -9223372036854775808}'))).toBe(-9223372036854775808n);
    // u64 above i64::MAX becomes decimal text.
    expect(all(json('{"v": 9223372036854775808}'))).toBe('9223372036854775808');
    expect(all(json('{"v": 18446744073709551615}'))).toBe('18446744073709551615');
    // Outside [i64::MIN, u64::MAX], and -0, serde_json parses a float.
    expect(all(json('{"v": 18446744073709551616}'))).toEqual(new CborFloat(2 ** 64));
    expect(all(json('{"v": -9223372036854775809}'))).toEqual(new CborFloat(-(2 ** 63)));
    const negZero = all(json('{"v": -0}')) as CborFloat;
    expect(negZero).toBeInstanceOf(CborFloat);
    expect(Object.is(negZero.value, -0)).toBe(true);
  });

  it('plain JS values: safe integers are integers, other numbers floats, bigints by range', () => {
    expect(all({ v: 7 })).toBe(7);
    expect(all({ v: -0 })).toBe(0);
    expect(all({ v: 1.5 })).toEqual(new CborFloat(1.5));
    expect(all({ v: 2 ** 53 })).toEqual(new CborFloat(2 ** 53));
    expect(all({ v: 5n })).toBe(5);
    expect(all({ v: 2n ** 63n })).toBe('9223372036854775808');
    expect(all({ v: 2n ** 64n })).toEqual(new CborFloat(2 ** 64));
    expect(all({ v: new CborFloat(3) })).toEqual(new CborFloat(3));
    expect(all({ v: [1, 'a', true, null, { b: 2.5 }] })).toEqual([
      1,
      'a',
      true,
      null,
      { b: new CborFloat(2.5) },
    ]);
  });

  it('arguments that JSON cannot carry are refused', () => {
    for (const bad of [
      { v: Number.NaN },
      { v: Number.POSITIVE_INFINITY },
      { v: new Map() },
      { v: new Date(0) },
      { v: () => 1 },
      { v: Symbol('s') },
      { v: [undefined] },
      { v: '\uD800' },
      { '\uDC00': 1 },
      { v: new CborFloat(Number.NaN) },
    ]) {
      expect(caught(() => all(bad)).code).toBe('invalid_encoding');
    }
    // JSON.stringify drops undefined properties, so they are simply absent.
    expect(extract({ v: '{ from: body, path: v, default: d }' }, { v: undefined }).get('v')).toBe('d');
  });

  it('shared sub-objects cannot blow up the argument walk', () => {
    let dag: unknown = 'x';
    for (let i = 0; i < 60; i++) dag = [dag, dag];
    expect(caught(() => all({ v: dag })).message).toContain('too large');
  });

  it('argument nesting stops at 127 containers', () => {
    const nest = (n: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < n - 1; i++) v = [v];
      return { v };
    };
    expect(all(nest(MCP_LIMITS.maxArgumentDepth))).toBeDefined();
    expect(caught(() => all(nest(MCP_LIMITS.maxArgumentDepth + 1))).code).toBe('invalid_encoding');
  });
});

describe('parseJsonPreservingNumbers', () => {
  it('parses JSON and refuses what serde_json refuses', () => {
    expect(json(' {"a": [1, 2.5, "x\\u00e9\\ud83d\\ude00", true, false, null], "b": {}} ')).toEqual({
      a: [1, new CborFloat(2.5), 'xé😀', true, false, null],
      b: {},
    });
    for (const bad of [
      '',
      '{',
      '{"a":1,}',
      '[1,]',
      '01',
      '1.',
      '.5',
      '+1',
      'NaN',
      '"\\ud800"',
      '"\\udc00x"',
      '"a\nb"',
      '"\\x"',
      '{"a":1} x',
      '1e400',
      "{'a':1}",
      '\uFEFF{}',
    ]) {
      expect(caught(() => json(bad)).code).toBe('invalid_encoding');
    }
    expect(json('1e-400')).toEqual(new CborFloat(0));
  });

  it('refuses duplicate keys and deep nesting; keeps __proto__ as data', () => {
    expect(caught(() => json('{"a":1,"a":2}')).code).toBe('invalid_encoding');
    expect(() => json(`${'['.repeat(127)}${']'.repeat(127)}`)).not.toThrow();
    expect(caught(() => json(`${'['.repeat(128)}${']'.repeat(128)}`)).code).toBe('invalid_encoding');
    const o = json('{"__proto__": 1}') as object;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__']);
  });
});

describe('YAML schema (serde_yaml semantics)', () => {
  const defaultOf = (yamlDefault: string) =>
    McpConfig.fromYaml(oneTool({ v: `{ from: body, path: v, default: ${yamlDefault} }` }))
      .tools.get('t')
      ?.constraints.get('v')?.default;

  it('default scalars resolve like serde_yaml into serde_json::Value', () => {
    expect(defaultOf('1')).toBe(1);
    expect(defaultOf('1.0')).toEqual(new CborFloat(1));
    expect(defaultOf('1e3')).toEqual(new CborFloat(1000));
    expect(defaultOf('"1"')).toBe('1');
    expect(defaultOf('+12')).toBe(12);
    expect(defaultOf('0x1F')).toBe(31);
    expect(defaultOf('-0x10')).toBe(-16);
    expect(defaultOf('0o17')).toBe(15);
    expect(defaultOf('0b101')).toBe(5);
    expect(defaultOf('007')).toBe('007');
    expect(defaultOf('1_000')).toBe('1_000');
    expect(defaultOf('true')).toBe(true);
    expect(defaultOf('yes')).toBe('yes');
    expect(defaultOf('"true"')).toBe('true');
    expect(defaultOf('.inf')).toBeNull();
    expect(defaultOf('.nan')).toBeNull();
    expect(defaultOf('1e400')).toBe('1e400');
    expect(defaultOf('-.5')).toEqual(new CborFloat(-0.5));
    expect(defaultOf('18446744073709551615')).toBe('18446744073709551615');
    expect(defaultOf('9223372036854775807')).toBe(9223372036854775807n);
    expect(defaultOf('123456789012345678901234567890123456789012')).toEqual(
      new CborFloat(Number('123456789012345678901234567890123456789012')),
    );
    expect(defaultOf('{a: [x, ~, 2], b: "null"}')).toEqual({ a: ['x', null, 2], b: 'null' });
    // Option<Value>: a YAML null means "no default", quoted "null" is text.
    expect(defaultOf('~')).toBeUndefined();
    expect(defaultOf('null')).toBeUndefined();
    expect(defaultOf('"null"')).toBe('null');
  });

  it('integers wider than u64/i64 but within 128 bits are serde_json range errors', () => {
    expect(caught(() => defaultOf('18446744073709551616')).code).toBe('invalid_config');
    expect(caught(() => defaultOf('-9223372036854775809')).code).toBe('invalid_config');
  });

  it('text fields read any scalar; bool fields only plain true/false', () => {
    const c = McpConfig.fromYaml(
      'version: 1\ntools:\n  t:\n    description: 5\n    constraints:\n      v: { from: "body", path: 0, required: True }\n',
    );
    expect(c.version).toBe('1');
    expect(c.tools.get('t')?.description).toBe('5');
    expect(c.tools.get('t')?.constraints.get('v')).toMatchObject({ path: '0', required: true });
    for (const bad of ['yes', '"true"', '1', '~']) {
      expect(
        caught(() => McpConfig.fromYaml(oneTool({ v: `{ from: body, path: v, required: ${bad} }` }))).code,
      ).toBe('invalid_config');
    }
  });

  it('required fields, enums and empty values', () => {
    const bad = [
      'tools: {}',
      'version: "1"',
      'version: "1"\ntools:\n  t:\n    constraints: {}',
      'version: "1"\ntools:\n  t:\n    description: x',
      oneTool({ v: '{ path: v }' }),
      oneTool({ v: '{ from: body }' }),
      oneTool({ v: '{ from: Body, path: v }' }),
      oneTool({ v: '{ from: body, path: [a] }' }),
      // mcp.rs documents `path: "path"` shorthand, but Tenuo's serde struct refuses it; so do we.
      oneTool({ v: '"v"' }),
      'version: "1"\nsettings: ~\ntools: {}',
      'version: "1"\nsettings:\n  trusted_issuers: ~\ntools: {}',
      'version: [1]\ntools: {}',
      '- a',
      'just text',
    ];
    for (const y of bad) expect(caught(() => McpConfig.fromYaml(y)).code).toBe('invalid_config');
    // Empty plain values are empty maps/lists; missing settings are defaults.
    const empty = McpConfig.fromYaml('version: "1"\nsettings:\ntools:\n');
    expect(empty.tools.size).toBe(0);
    expect(empty.settings.trustedIssuers).toEqual([]);
    const noRules = McpConfig.fromYaml('version: "1"\ntools:\n  t:\n    description:\n    constraints:\n');
    expect(noRules.compile().extractConstraints('t', { a: 1 }).constraints.size).toBe(0);
  });

  it('unknown keys are ignored and listed by validate()', () => {
    const c = McpConfig.fromYaml(
      'version: "1"\nextra: 1\ntools:\n  t:\n    description: ""\n    note: x\n    constraints:\n      v: { from: body, path: v, requird: true }\n',
    );
    expect(c.ignoredKeys).toEqual([
      'config."extra"',
      'tools."t"."note"',
      'tools."t".constraints."v"."requird"',
    ]);
    expect(c.compile().validate()).toHaveLength(3);
  });

  it('merge keys are ordinary (ignored) keys, as in serde_yaml, even under %YAML 1.1', () => {
    const y =
      '%YAML 1.1\n---\nbase: &b { version: "9" }\n<<: *b\nversion: "1"\ntools:\n' +
      '  t: { description: "", constraints: { v: { <<: { required: true }, from: body, path: v } } }\n';
    const c = McpConfig.fromYaml(y);
    expect(c.version).toBe('1');
    expect(c.tools.get('t')?.constraints.get('v')?.required).toBe(false);
    expect(c.ignoredKeys).toContain('config."<<"');
  });

  it('names in messages are quoted and escaped', () => {
    const e = caught(() =>
      McpConfig.fromYaml('version: "1"\ntools:\n  "evil\\nline":\n    description: x\n'),
    );
    expect(e.message).toContain('"evil\\nline"');
    expect(e.message).not.toContain('\n');
  });

  it('fromObject follows serde_json strictness', () => {
    const obj = {
      version: '1',
      tools: {
        t: { description: '', constraints: { v: { from: 'body', path: 'v', default: 2.5, type: null } } },
      },
    };
    const c = McpConfig.fromObject(obj).compile();
    expect(c.extractConstraints('t', {}).constraints.get('v')).toEqual(new CborFloat(2.5));
    for (const bad of [
      { ...obj, version: 1 },
      { ...obj, tools: null },
      {
        version: '1',
        tools: { t: { description: '', constraints: { v: { from: 'body', path: 'v', required: 'true' } } } },
      },
      {
        version: '1',
        tools: {
          t: { description: '', constraints: { v: { from: 'body', path: 'v', default: Number.NaN } } },
        },
      },
      'version: "1"',
      null,
    ]) {
      expect(caught(() => McpConfig.fromObject(bad)).code).toBe('invalid_config');
    }
    let dag: unknown = 'x';
    for (let i = 0; i < 40; i++) dag = [dag, dag];
    expect(caught(() => McpConfig.fromObject({ version: '1', tools: {}, extra: dag })).message).toContain(
      'too large',
    );
    const cyclic: Record<string, unknown> = { version: '1' };
    cyclic.tools = {
      t: { description: '', constraints: { v: { from: 'literal', path: '', default: cyclic } } },
    };
    expect(caught(() => McpConfig.fromObject(cyclic)).code).toBe('invalid_config');
  });
});

describe('limits', () => {
  const tools = (n: number) =>
    `version: "1"\ntools:\n${Array.from({ length: n }, (_, i) => `  t${i}: { description: "", constraints: {} }`).join('\n')}\n`;

  it('200 tools compile, 201 do not', () => {
    expect(compileYaml(tools(MCP_LIMITS.maxTools)).tools).toHaveLength(200);
    const e = caught(() => compileYaml(tools(MCP_LIMITS.maxTools + 1)));
    expect(e.code).toBe('invalid_config');
    expect(e.message).toContain('too many tools: 201 (maximum 200)');
  });

  it('64 constraints per tool compile, 65 do not', () => {
    const rules = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, `{ from: body, path: c${i} }`]));
    expect(compileYaml(oneTool(rules(64))).tools).toEqual(['t']);
    expect(caught(() => compileYaml(oneTool(rules(65)))).message).toContain(
      'too many constraints for tool "t": 65',
    );
  });
});

describe('hostile YAML', () => {
  it('refuses alias bombs quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `version: "1"\n${levels.join('\n')}\ntools: {}\n`;
    const start = Date.now();
    expect(caught(() => McpConfig.fromYaml(bomb)).code).toBe('invalid_config');
    // Few aliases to a big node: the expansion budget stops it.
    const big = `big: &big [${Array(200).fill('x').join(', ')}]\nrefs: [${Array(60).fill('*big').join(', ')}]`;
    const e = caught(() => McpConfig.fromYaml(`version: "1"\n${big}\ntools: {}\n`));
    expect(e.message).toContain('expand too far');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('allows a few aliases for shared rules', () => {
    const y =
      'version: "1"\nshared: &r { from: body, path: p, required: true }\ntools:\n' +
      '  a: { description: "", constraints: { p: *r } }\n  b: { description: "", constraints: { p: *r } }\n';
    expect(compileYaml(y).extractConstraints('b', { p: 1 }).constraints.get('p')).toBe(1);
  });

  it('refuses deep nesting without overflowing the stack, repeatedly', () => {
    for (let i = 0; i < 30; i++) {
      const flow = `version: "1"\ntools: {}\nx: ${'[a, '.repeat(100_000)}`;
      expect(caught(() => McpConfig.fromYaml(flow)).code).toBe('invalid_config');
    }
    const block = `version: "1"\ntools: {}\nx:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}x\n`;
    expect(caught(() => McpConfig.fromYaml(block)).code).toBe('invalid_config');
    expect(
      caught(() =>
        McpConfig.fromYaml(
          oneTool({ v: `{ from: body, path: v, default: ${'['.repeat(70)}${']'.repeat(70)} }` }),
        ),
      ).code,
    ).toBe('invalid_config');
  });

  it('refuses self-referencing, unresolved and excessive aliases', () => {
    expect(caught(() => McpConfig.fromYaml('version: "1"\ntools: {}\nx: &a [*a]\n')).code).toBe(
      'invalid_config',
    );
    expect(caught(() => McpConfig.fromYaml('version: "1"\ntools: *nope\n')).code).toBe('invalid_config');
    const many = `version: "1"\ntools: {}\nv: &v 1\nx: [${Array(65).fill('*v').join(', ')}]\n`;
    expect(caught(() => McpConfig.fromYaml(many)).code).toBe('invalid_config');
  });

  it('refuses oversize input, multiple documents, tags, duplicate keys, bad text', () => {
    const big = `version: "1"\ntools: {}\npad: "${'x'.repeat(MCP_LIMITS.maxYamlBytes)}"\n`;
    for (const y of [
      big,
      'version: "1"\ntools: {}\n---\nversion: "2"\ntools: {}\n',
      'version: !!str 1\ntools: {}\n',
      'version: "1"\ntools: !custom {}\n',
      'version: "1"\nversion: "2"\ntools: {}\n',
      oneTool({ v: '{ from: body, path: v }', w: '{ from: body, path: w }' }).replace('w:', 'v:'),
      'version: "1"\ntools: {}\n? [a]\n: b\n',
      'version: "\uD800"\ntools: {}\n',
      '',
      'version: "1\ntools: {}\n',
      '{{{',
    ]) {
      expect(caught(() => McpConfig.fromYaml(y)).code).toBe('invalid_config');
    }
    expect(caught(() => McpConfig.fromYaml(42 as unknown as string)).code).toBe('invalid_config');
  });
});
