import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: the end-to-end suites drive real servers on a 2-core CI machine; speed is measured in bench/.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
