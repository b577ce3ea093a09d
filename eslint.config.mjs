// ESLint: the recommended JavaScript and TypeScript rules, on the sources, tests and scripts.
// ESLint's own "recommended" set is the rules its metadata marks recommended (what @eslint/js
// publishes); it is read from the installed ESLint, so no second package has to match its version.
import { builtinRules } from "eslint/use-at-your-own-risk";
import tseslint from "typescript-eslint";

const jsRecommended = {
  name: "eslint/recommended",
  rules: Object.fromEntries([...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended === true).map(([name]) => [name, "error"])),
};

const nodeGlobals = Object.fromEntries(["require", "module", "exports", "process", "console", "__dirname", "__filename", "Buffer", "setTimeout", "clearTimeout"].map((g) => [g, "readonly"]));

export default tseslint.config(
  // The generated schema types are written by json-schema-to-typescript, not by hand.
  { ignores: ["node_modules/", "coverage/", ".bench/", "dist/", "src/model/*-schema.ts"] },
  jsRecommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      // Matching control characters is the point in this codebase: untrusted text is searched for
      // them so that they are refused or shown visibly (escape.ts, refs, terminal output).
      "no-control-regex": "off",
      // A leading underscore marks a binding kept on purpose: a counted loop variable, a key left out
      // of a rest pattern.
      "@typescript-eslint/no-unused-vars": ["error", { varsIgnorePattern: "^_", argsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // The Pulumi entry point and tool configs are CommonJS, loaded by Node and tools without tsx.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Fixtures build documents, valid and deliberately malformed, that cases then change field by field.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
