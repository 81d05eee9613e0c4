import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["dist/", "node_modules/", "coverage/", "bench/results/", "src/cli/report/generated/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // A function reads as a list of named steps: none near 100 lines.
    files: ["src/**/*.ts"],
    rules: {
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The report page's script runs in the browser (its own tsconfig has the DOM lib): no Node.
    files: ["src/cli/report/browser/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "../*.js", "!../page-data.js"],
              message: "browser code imports only browser/ and ../page-data.js",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
);
