// The suite StrykerJS runs against each mutant (`npm run mutate`): every in-process test; left out
// are the tests that only drive other processes (the compiled CLI, the browser, the lock's
// child processes, the docs generator's help calls), which a mutant of src/ cannot reach.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/web.test.ts', 'test/lock.test.ts', 'test/cli.test.ts', 'test/reproduce.test.ts', 'test/docs.test.ts', 'test/serve.test.ts'],
    testTimeout: 120_000,
    pool: 'threads',
  },
});
