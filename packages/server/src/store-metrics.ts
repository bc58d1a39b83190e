import type { Histogram } from './metrics.js';
import type { VaultStore } from './store/types.js';

/**
 * Wraps a store so every method's latency lands in `histogram` under
 * `{op: <method>}`. A Proxy keeps this in step with the interface: a method
 * added to `VaultStore` is timed without touching this file.
 */
export function instrumentStore(store: VaultStore, histogram: Histogram): VaultStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver);
      if (typeof member !== 'function' || typeof prop !== 'string') return member;
      return (...args: unknown[]) => {
        const start = process.hrtime.bigint();
        const done = () => histogram.observe({ op: prop }, Number(process.hrtime.bigint() - start) / 1e9);
        const result = member.apply(target, args);
        if (result instanceof Promise) return result.finally(done);
        done();
        return result;
      };
    },
  });
}
