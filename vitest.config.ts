import { defineConfig } from 'vitest/config';

// Tests import packages by name; the "@warden/source" export condition points
// them at the TypeScript sources so a test never runs against a stale dist/.
// Vitest 4 resolves Node-side imports through the SSR environment, hence both.
export default defineConfig({
  resolve: { conditions: ['@warden/source'] },
  ssr: { resolve: { conditions: ['@warden/source'], externalConditions: ['@warden/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    setupFiles: ['test/setup/quiet-audit.ts'],
  },
});
