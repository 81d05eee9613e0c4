import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 60_000,
    // The SDK warns that Node 20 support ends in 2027; that is not what these tests check.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    hookTimeout: 120_000,
    globalSetup: ["./test/support/global-setup.ts"],
    // moto_server is one process of one core; a few files at a time keep it responsive.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
