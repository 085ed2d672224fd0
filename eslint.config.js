// ESLint (flat config) for ALI's browser JavaScript: the chat widget, the kiosk screen, the
// staff dashboard and the demo page. They are classic scripts (no modules, no build step) run in
// the browser, so they get browser globals and script source type. `make lint` runs it.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    ignores: ["node_modules/**", ".venv/**", "data/**", "build/**", "test-artifacts/**"],
  },
  {
    files: ["ali/web/static/**/*.js", "sandbox/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-implicit-globals": "error",
    },
  },
  {
    // The kiosk screen is written in ES5 syntax (`var`, function expressions), where a catch
    // clause must name its error even when it does not use it.
    files: ["ali/web/static/kiosk/**/*.js"],
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: ["eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: { ...globals.node },
    },
  },
];
