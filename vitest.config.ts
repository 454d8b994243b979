import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // two files at a time: most e2e time is spent waiting on child processes, and 2 cores are what CI has
    maxWorkers: 2,
  },
});
