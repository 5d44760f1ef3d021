import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      // cli/ and the report pages run in child processes and in Chromium (e2e and browser tests), where v8 coverage does not reach.
      include: ['arch/**/*.ts', 'workloads/**/*.ts', 'sim/**/*.ts', 'dse/**/*.ts', 'reports/*.ts'],
      exclude: ['sim/validation/calibrate-*.ts'],
      reporter: ['text-summary'],
      // Floors for the model code: a change that leaves model paths untested fails CI.
      thresholds: {
        'sim/**': { lines: 88, functions: 85, branches: 80 },
        'workloads/**': { lines: 90, functions: 90, branches: 80 },
      },
    },
  },
});
