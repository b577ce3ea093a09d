import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // In a fork whose own tenant replaced the example, says why the example's tests skip.
    globalSetup: ["test/example/announce.ts"],
    // The JSON report feeds the "tests: N passed, N failed" line of .ci/run.
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
