import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** `npm run test:unit`: the unit tests alone, which need no moto server (no global setup). */
export default defineConfig({
  test: { ...base.test, include: ["test/unit/**/*.test.ts"], globalSetup: [] },
});
