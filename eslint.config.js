// The lint gate (STYLE.md rule 17; `npm run lint`): typescript-eslint's recommended
// type-checked rules on the TypeScript, eslint's recommended rules on the plain JavaScript
// (bench/, scripts/*.mjs), and eslint-config-prettier last, so that layout is prettier's alone.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  // Build outputs, the generated wasm packages, tool caches and test reports.
  globalIgnores(["crate/", "target/", "www/pkg*/", "dist*/", "public/", "test-results/", "playwright-report/", ".cache/", ".scratch/"]),
  js.configs.recommended,
  {
    // Every TypeScript file is in tsconfig.json's program (the .d.mts files beside the bench and
    // scripts modules through their importers), so the project service finds them all.
    files: ["**/*.{ts,mts,cts}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Node scripts whose page.evaluate callbacks run in the browser, and the bench's worker.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.worker } },
  },
  prettier,
);
