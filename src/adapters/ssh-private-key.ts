import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import ssh2 from "ssh2";
import type { Identity as IdentityConfig, Inventory } from "../config/schemas/inventory.ts";
import { ConfigurationError } from "../errors.ts";
import type { Identity } from "./ports.ts";

const { utils } = ssh2;

/**
 * Reads an identity's private key from its file or environment variable. Errors name the inventory
 * key and never the key material; the key itself is kept only in memory, never logged.
 */
export async function loadPrivateKey(inventory: Inventory, identity: Identity, env: NodeJS.ProcessEnv, baseDir: string): Promise<Buffer> {
  const config: IdentityConfig | undefined = inventory.ssh[identity];
  const fail = (key: string, message: string): never => {
    throw new ConfigurationError([{ file: "inventory.yml", path: `ssh.${identity}${key}`, message }]);
  };
  if (!config) return fail("", `no ${identity} identity: add { keyEnv: NAME } or { keyFile: PATH }`);
  let key: Buffer;
  if (config.keyEnv) {
    const value = env[config.keyEnv];
    if (!value) return fail(".keyEnv", `the environment variable ${config.keyEnv} is not set`);
    key = Buffer.from(value, "utf8");
  } else {
    const path = resolve(baseDir, config.keyFile!.replace(/^~(?=\/)/, homedir()));
    key = await readFile(path).catch((error: NodeJS.ErrnoException) => fail(".keyFile", `cannot read ${path}: ${error.code ?? error.message}`));
  }
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error)
    return fail(config.keyEnv ? ".keyEnv" : ".keyFile", "not a private key ssh2 can read (passphrase-protected keys are not supported)");
  return key;
}
