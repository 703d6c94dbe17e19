/**
 * Debian's OpenSSH sshd on 127.0.0.1 with its own configuration, host key and authorized keys:
 * the real server the integration tests (and the sshd mode of the benchmark) talk to.
 * Needs the Debian package openssh-server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/demo/free-port.ts";

export const SSHD = "/usr/sbin/sshd";
export const hasSshd = existsSync(SSHD);

export interface Sshd {
  port: number;
  user: string;
  /** `ssh-ed25519 AAAA…` */
  hostKeyLine: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startSshd(options: { authorizedKeys: string[]; hostKeyFile?: string; extraConfig?: string[] }): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), "rounds-sshd-"));
  mkdirSync("/run/sshd", { recursive: true });
  const hostKey = options.hostKeyFile ?? join(dir, "host_ed25519");
  if (!options.hostKeyFile) spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey], { stdio: "ignore" });
  writeFileSync(join(dir, "authorized_keys"), `${options.authorizedKeys.join("\n")}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    "StrictModes no",
    "UsePAM no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "Subsystem sftp internal-sftp",
    "LogLevel ERROR",
    ...(options.extraConfig ?? []),
  ];
  writeFileSync(join(dir, "sshd_config"), `${config.join("\n")}\n`);
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForPort(port, child, () => stderr);
  const [type, key] = readFileSync(`${hostKey}.pub`, "utf8").split(" ");
  return {
    port,
    user: userInfo().username,
    hostKeyLine: `${type} ${key}`,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const { connect } = await import("node:net");
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${stderr()}`);
}
