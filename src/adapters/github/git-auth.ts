import type { SimpleGitOptions } from "simple-git";

/**
 * How git authenticates to GitHub without the token ever reaching argv, a URL, `.git/config` or a
 * log line: an `http.<url>.extraheader` given to each git process through the environment
 * (`GIT_CONFIG_COUNT`), as actions/checkout's header — but never written to a file.
 */
export interface GitAuth {
  /** The remote without credentials, as it is stored in the clone. */
  url: string;
  /** simple-git options that let exactly these variables through its environment guard. */
  options: Pick<SimpleGitOptions, "unsafe" | "allowEnvironment">;
  /** The whole environment of each git process; none: git inherits the runner's (a local remote). */
  env?: Record<string, string>;
}

/** A remote that needs no credentials (a path, or a checkout that already has them). */
export function plainRemote(url: string): GitAuth {
  return { url, options: {} };
}

const PASSED = ["PATH", "HOME", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"];

export function installationAuth(baseUrl: string, owner: string, repo: string, token: string, env: NodeJS.ProcessEnv = process.env): GitAuth {
  const base = new URL(baseUrl);
  const prefix = `${base.protocol}//${base.host}/`;
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  const passed = Object.fromEntries(PASSED.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]!]])));
  const auth = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: `http.${prefix}.extraheader`, GIT_CONFIG_VALUE_0: header, GIT_TERMINAL_PROMPT: "0" };
  return {
    url: `${prefix}${owner}/${repo}.git`,
    options: { unsafe: { allowUnsafeConfigEnvCount: true }, allowEnvironment: [...Object.keys(auth), ...Object.keys(passed)] },
    env: { ...passed, ...auth },
  };
}
