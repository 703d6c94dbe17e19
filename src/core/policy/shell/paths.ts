import type { EffectKind } from "../effects.ts";

/**
 * Where a change may write. A playbook declares narrow directories (`paths:`); a write anywhere
 * else is a data change, and a write into a place that grants access or runs code later is a
 * privilege change whatever the playbook declares.
 */

/** Directories a playbook may never declare as a whole: only narrow subdirectories of them. */
export const SYSTEM_ROOTS = [
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/media",
  "/mnt",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/tmp",
  "/usr",
  "/usr/bin",
  "/usr/lib",
  "/usr/local",
  "/usr/local/bin",
  "/usr/local/lib",
  "/usr/local/sbin",
  "/usr/sbin",
  "/usr/share",
  "/var",
  "/var/lib",
  "/var/log",
  "/var/spool",
  "/var/tmp",
  "/var/run",
];

/** Places where a written file grants access or runs code later: persistence and privilege. */
const PRIVILEGE_LOCATIONS = [
  "/etc/cron.d",
  "/etc/cron.daily",
  "/etc/cron.hourly",
  "/etc/cron.monthly",
  "/etc/cron.weekly",
  "/etc/crontab",
  "/etc/anacrontab",
  "/var/spool/cron",
  "/etc/sudoers",
  "/etc/sudoers.d",
  "/etc/doas.conf",
  "/etc/passwd",
  "/etc/shadow",
  "/etc/group",
  "/etc/gshadow",
  "/etc/subuid",
  "/etc/subgid",
  "/etc/login.defs",
  "/etc/pam.d",
  "/etc/security",
  "/etc/ssh",
  "/etc/systemd",
  "/lib/systemd",
  "/usr/lib/systemd",
  "/run/systemd",
  "/etc/init.d",
  "/etc/rc.local",
  "/etc/profile",
  "/etc/profile.d",
  "/etc/bash.bashrc",
  "/etc/environment",
  "/etc/ld.so.preload",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/modprobe.d",
  "/etc/modules",
  "/etc/modules-load.d",
  "/etc/udev",
  "/etc/polkit-1",
  "/etc/apt",
  "/etc/yum.repos.d",
  "/etc/sysctl.conf",
  "/etc/sysctl.d",
  "/etc/xinetd.d",
  "/etc/inittab",
  "/etc/default",
  "/root",
  "/usr/local/lib/rounds",
  "/etc/update-motd.d",
  "/etc/logrotate.d",
  "/etc/at.allow",
  "/etc/at.deny",
  "/var/spool/at",
  "/etc/rsyslog.d",
  "/etc/nsswitch.conf",
  "/etc/hosts",
  "/etc/resolv.conf",
  "/etc/network",
  "/etc/netplan",
  "/etc/NetworkManager",
  "/etc/iptables",
  "/etc/nftables.conf",
  "/etc/ufw",
  "/etc/firewalld",
  // Code that runs later as root: programs on PATH, libraries, PAM modules, boot, packages' scripts,
  // units and generators anywhere systemd looks, and the configuration of the tools that run them.
  "/usr/bin",
  "/usr/sbin",
  "/usr/local/bin",
  "/usr/local/sbin",
  "/usr/lib",
  "/usr/lib64",
  "/usr/libexec",
  "/usr/local/lib",
  "/usr/local/libexec",
  "/usr/share/polkit-1",
  "/usr/share/dbus-1",
  "/boot",
  "/var/lib/dpkg",
  "/var/lib/rpm",
  "/etc/sudo.conf",
  "/etc/pam.conf",
  "/etc/gitconfig",
  "/etc/tmpfiles.d",
  "/etc/binfmt.d",
  "/etc/sysusers.d",
  "/etc/environment.d",
  "/etc/docker",
  "/etc/containerd",
  "/etc/kubernetes",
  "/etc/rc.d",
  "/etc/xdg",
  "/etc/X11",
  "/etc/dbus-1",
  "/etc/selinux",
  "/etc/apparmor.d",
  "/etc/grub.d",
  "/etc/kernel",
  "/etc/initramfs-tools",
  "/etc/dracut.conf.d",
  "/etc/fstab",
  "/etc/crypttab",
  "/etc/exports",
  "/etc/postgresql-common",
  "/etc/alternatives",
  "/var/lib/systemd",
  "/var/spool/anacron",
];
/** Places reached under another name: /var/run is /run, and on merged-/usr systems /bin is /usr/bin. */
const ALIASES: [string, string][] = [
  ["/var/run", "/run"],
  ["/bin", "/usr/bin"],
  ["/sbin", "/usr/sbin"],
  ["/lib64", "/usr/lib64"],
  ["/lib", "/usr/lib"],
];
/** File names that grant access wherever they are. */
const PRIVILEGE_NAMES =
  /^(authorized_keys2?|\.bashrc|\.bash_profile|\.bash_login|\.bash_logout|\.profile|\.zshrc|\.zshenv|\.zprofile|\.zlogin|\.pam_environment|\.ssh|\.psqlrc|\.pgpass|\.netrc|\.forward|\.gitconfig|\.config|\.local|\.xinitrc|\.xprofile|rc\d?\.d)$/;

/** Files a step may write to without a declared path: they are not files. */
const STREAMS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2", "/proc/self/fd/1", "/proc/self/fd/2"]);

export type PathVerdict = { ok: true } | { ok: false; effect: EffectKind; why: string };

/** A lexically normal absolute path, or undefined when it is relative or climbs with `..`. */
export function normalPath(path: string): string | undefined {
  if (!path.startsWith("/")) return undefined;
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return undefined;
  return `/${parts.join("/")}`;
}

export function isInside(path: string, root: string): boolean {
  const r = normalPath(root);
  if (r === undefined) return false;
  return r === "/" || path === r || path.startsWith(`${r}/`);
}

/** May a step write (create, change, remove) `raw`, given the places it may write? */
export function checkWrite(raw: string, writable: string[]): PathVerdict {
  if (STREAMS.has(raw)) return { ok: true };
  const path = normalPath(raw);
  if (path === undefined)
    return { ok: false, effect: "data", why: `${raw} is not a plain absolute path (relative, or climbing with ..): where it lands cannot be checked` };
  if (path === "/proc/sysrq-trigger" || path.startsWith("/dev/"))
    return { ok: false, effect: "destructive", why: `${path} is a device or the kernel's SysRq trigger` };
  if (isInside(path, "/proc") || isInside(path, "/sys")) return { ok: false, effect: "server", why: `${path} changes the running kernel` };
  const real = ALIASES.reduce((p, [alias, to]) => (isInside(p, alias) ? to + p.slice(alias.length) : p), path);
  const privileged = PRIVILEGE_LOCATIONS.find((root) => isInside(real, root)) ?? (real.split("/").some((p) => PRIVILEGE_NAMES.test(p)) ? path : undefined);
  if (privileged) return { ok: false, effect: "privilege", why: `${path} is a place that grants access or runs code later (${privileged})` };
  if (writable.some((root) => isInside(path, root))) return { ok: true };
  return { ok: false, effect: "data", why: `${path} is outside the playbook's declared paths (${writable.join(", ") || "none"})` };
}

/**
 * Files that hold secrets, by name wherever they are (a relative `shadow` after `cd /etc` too):
 * password hashes, sudoers, SSH and TLS private keys, client credentials, a process's environment.
 */
const SECRET =
  /(^|\/)(g?shadow-?|sudoers|\.pgpass|\.netrc|\.git-credentials|\.my\.cnf)$|(^|\/)sudoers\.d(\/|$)|(^|\/)\.ssh\/id_|ssh_host_[^/]*_key$|(^|\/)ssl\/private(\/|$)|(^|\/)private(\/|$)|\.key$|(^|\/)privkey[^/]*\.pem$|^\/etc\/letsencrypt(\/|$)|^\/proc\/[^/]+\/(environ|root|cwd)(\/|$)/;
/** Directories a recursive read (tar -c, cp -r, diff -r) of which would take secrets along. */
const SECRET_TREES = [
  "/etc/shadow",
  "/etc/gshadow",
  "/etc/sudoers",
  "/etc/ssl/private",
  "/etc/letsencrypt",
  "/etc/ssh",
  "/root",
  "/home",
  "/proc",
  "/dev",
  "/var/lib/postgresql",
];

/** `/a/b/../c` → `/a/c`, as the kernel resolves it without symlinks; relative paths stay as written. */
function lexicalPath(raw: string): string {
  if (!raw.startsWith("/")) return raw;
  const out: string[] = [];
  for (const part of raw.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** Reading is free, except the files that hold secrets — and, for a recursive read, the trees that hold them. */
export function checkRead(raw: string, options: { recursive?: boolean } = {}): PathVerdict {
  const path = lexicalPath(raw);
  if (SECRET.test(path)) return { ok: false, effect: "privilege", why: `${path} holds secrets` };
  if (options.recursive && path.startsWith("/")) {
    const holds = SECRET_TREES.find((tree) => path === "/" || tree === path || tree.startsWith(`${path}/`) || isInside(path, tree));
    if (holds) return { ok: false, effect: "privilege", why: `a recursive read of ${path} takes ${holds} along, which holds secrets` };
  }
  return { ok: true };
}

/** Why a declared path is too wide to write under, or undefined when it is narrow enough. */
export function tooWide(declared: string): string | undefined {
  const path = normalPath(declared);
  if (path === undefined) return `"${declared}" is not a plain absolute path`;
  if (SYSTEM_ROOTS.includes(path)) return `"${path}" is a system root: declare a narrow subdirectory (e.g. /etc/prometheus/rules.d)`;
  if (/^\/home\/[^/]+$/.test(path)) return `"${path}" is a whole home directory: declare a narrow subdirectory`;
  // A declared path must not itself be a place that grants access or runs code later.
  const inside = checkWrite(`${path}/x`, [path]);
  if (!inside.ok) return `"${path}" is not a place Rounds may write unattended: ${inside.why}`;
  return undefined;
}
