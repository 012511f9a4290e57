// Lint: typescript-eslint's type-aware recommended rules plus Pulumi's Output-misuse rules.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // examples/ are separate projects, type-checked against the packed component by `npm run test:package`;
  // the benchmark's empty pack is plain JavaScript, started as the CLI starts packs.
  {
    ignores: [
      "node_modules/",
      "**/node_modules/",
      "dist/",
      "**/dist/",
      "examples/",
      "bench/programs/empty-pack/",
      "eslint.config.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      // Pulumi resources are constructed for their side effect on the stack.
      "no-new": "off",
    },
  },
  {
    // Sizes a newcomer can read at once: a file holds one idea, a function one step.
    files: [
      "components/**/*.ts",
      "policies/**/*.ts",
      "rules/**/*.ts",
      "scripts/**/*.ts",
      "tests/engine/standInAws/**/*.ts",
      "tests/engine/standInAwsProvider.ts",
      "tests/engine/standInNodejsLanguageHost.ts",
    ],
    rules: {
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Test doubles speak to SDK internals (mock monitor requests) that have no public types.
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
