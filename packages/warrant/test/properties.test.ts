import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConstraintSet } from '../src/constraints/constraint-set.js';
import {
  type Constraint,
  Contains,
  Exact,
  Keypair,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Subset,
  setAuditSink,
  Warrant,
  WarrantError,
  Wildcard,
} from '../src/index.js';
import { CONTROL_PLANE as CP, ORCHESTRATOR as ORCH, T0, WORKER } from './support/keys.js';

setAuditSink(null);

const warrant = Warrant.issue({
  keypair: CP,
  holder: ORCH,
  tools: { read: { path: Pattern('/data/*') }, pay: { amount: Range.between(0, 100) } },
  now: T0,
  ttlSeconds: 600,
  clearance: 2,
});

describe('any flipped byte breaks verification', () => {
  it('for every byte position and every non-zero xor mask', () => {
    const bytes = warrant.toBytes();
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, mask) => {
        const tampered = Uint8Array.from(bytes);
        tampered[i] = (tampered[i] as number) ^ mask;
        let ok = false;
        try {
          Warrant.decode(tampered, { now: T0 });
          ok = true;
        } catch (err) {
          expect(err).toBeInstanceOf(WarrantError);
        }
        return !ok;
      }),
      { numRuns: 3000 },
    );
  });

  it('for random valid warrants', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (seed, tool, pos, mask) => {
          if (tool.startsWith('tenuo:')) return true;
          const w = Warrant.issue({
            keypair: Keypair.fromSeed(seed),
            tool,
            constraints: { x: Exact(tool) },
            now: T0,
          });
          const b = w.toBytes();
          const i = pos % b.length;
          b[i] = (b[i] as number) ^ mask;
          try {
            Warrant.decode(b, { now: T0 });
            return false;
          } catch (err) {
            return err instanceof WarrantError;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Small domains so random parents and children overlap often enough to exercise acceptance. */
const word = fc.constantFrom('a', 'b', 'ab', 'ba', 'abc', '/d/a', '/d/b', '/e/a');
const num = fc.integer({ min: -5, max: 105 });
const constraint: fc.Arbitrary<Constraint> = fc.oneof(
  word.map((w) => Exact(w)),
  num.map((n) => Exact(n)),
  fc
    .constantFrom('*', 'a*', 'ab*', '*a', '*b', '/d/*', '/d/a', '?b', '[ab]*', '/d/[ab]')
    .map((p) => Pattern(p)),
  fc.tuple(num, num).map(([x, y]) => Range.between(Math.min(x, y), Math.max(x, y))),
  fc.array(word, { maxLength: 3 }).map((ws) => OneOf(ws)),
  fc.array(word, { maxLength: 3 }).map((ws) => NotOneOf(ws)),
  fc.array(word, { maxLength: 2 }).map((ws) => Contains(ws)),
  fc.array(word, { maxLength: 3 }).map((ws) => Subset(ws)),
  fc.constant(Wildcard()),
);
const argValue = fc.oneof(word, num, fc.array(word, { maxLength: 3 }));

describe('attenuation never widens', () => {
  it('every argument set the child allows, the parent allows', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        constraint,
        constraint,
        fc.array(argValue, { minLength: 1, maxLength: 12 }),
        (p, c, values) => {
          const parent = Warrant.issue({
            keypair: CP,
            holder: ORCH,
            tool: 't',
            constraints: { x: p },
            now: T0,
            ttlSeconds: 600,
          });
          let child: Warrant;
          try {
            child = parent.attenuate({ keypair: ORCH, holder: WORKER, constraints: { x: c }, now: T0 });
          } catch (err) {
            expect(err).toBeInstanceOf(WarrantError);
            return;
          }
          accepted++;
          const parentSet = parent.constraintsFor('t') as ConstraintSet;
          const childSet = child.constraintsFor('t') as ConstraintSet;
          for (const v of values) {
            const args = new Map([['x', v as never]]);
            if (childSet.matches(args))
              expect(parentSet.matches(args), `${p} -> ${c} on ${JSON.stringify(v)}`).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });
});
