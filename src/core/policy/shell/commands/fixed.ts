import type { EffectKind } from "../../effects.ts";
import { effect, type Handler } from "../shell-context.ts";

/**
 * Commands whose effect does not depend on their arguments. They are named so that a refusal says
 * what the command does; an unnamed command is refused all the same, as opaque.
 */
const FAMILIES: { kind: EffectKind; what: string; names: string[]; pattern?: RegExp }[] = [
  { kind: "reboot", what: "reboots or halts the machine", names: ["reboot", "shutdown", "poweroff", "halt", "kexec", "init", "telinit", "runlevel-change"] },
  { kind: "firewall", what: "changes the firewall: the security perimeter is not an operations target", names: ["nft", "ufw", "firewall-cmd", "firewall-offline-cmd", "pfctl", "ipset", "ebtables", "arptables", "shorewall", "fw", "iptables", "ip6tables", "conntrack"], pattern: /^(ip6?tables|ebtables|arptables|nft)(-[a-z-]+)?$/ },
  { kind: "destructive", what: "writes raw devices or filesystems", names: ["mkfs", "mke2fs", "mkswap", "wipefs", "sfdisk", "fdisk", "cfdisk", "parted", "sgdisk", "gdisk", "blkdiscard", "hdparm", "cryptsetup", "badblocks", "lvremove", "vgremove", "pvremove", "lvreduce", "zpool", "zfs", "mdadm", "debugfs", "tune2fs", "e2fsck", "fsck", "xfs_repair", "losetup", "dmsetup"], pattern: /^(mkfs|fsck)(\.[a-z0-9]+)?$/ },
  { kind: "privilege", what: "changes accounts, passwords, scheduled jobs or kernel modules", names: ["useradd", "usermod", "userdel", "adduser", "deluser", "groupadd", "groupmod", "groupdel", "addgroup", "delgroup", "passwd", "chpasswd", "chage", "gpasswd", "newusers", "vipw", "vigr", "visudo", "chsh", "chfn", "crontab", "at", "batch", "setcap", "chattr", "setfacl", "modprobe", "insmod", "rmmod", "update-alternatives", "ldconfig", "pam-auth-update", "ssh-keygen", "ssh-copy-id", "sudoedit", "newgrp", "sg", "loginctl", "hostnamectl"] },
  { kind: "network", what: "changes interfaces, routes or kernel network settings", names: ["ifdown", "ifup", "ifconfig", "nmcli", "route", "ethtool", "tc", "brctl", "bridge", "wg", "wg-quick", "iw", "iwconfig", "networkctl", "resolvectl", "dhclient", "arp", "vconfig"] },
  { kind: "server", what: "changes the running system (packages, mounts, swap, clock, kernel settings)", names: ["apt", "apt-get", "aptitude", "dpkg", "yum", "dnf", "rpm", "zypper", "apk", "snap", "pip", "pip3", "npm", "gem", "mount", "umount", "swapon", "swapoff", "sysctl", "hwclock", "timedatectl", "systemd-run", "sync", "renice", "chrt", "taskset", "prlimit", "ulimit", "umask", "localectl"] },
  { kind: "opaque", what: "runs code the classifier cannot see (an interpreter, an editor or a shell builtin that changes the shell)", names: ["sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh", "ash", "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "deno", "bun", "php", "lua", "tclsh", "wish", "expect", "awk", "gawk", "mawk", "nawk", "Rscript", "julia", "pwsh", "groovy", "java", "gdb", "vi", "vim", "ex", "ed", "emacs", "nano", "less", "more", "man", "eval", "source", ".", "alias", "unalias", "hash", "builtin", "enable", "trap", "export", "declare", "typeset", "local", "readonly", "unset", "shopt", "let", "chroot", "watch", "flock", "script", "make", "screen", "tmux", "nsenter", "unshare", "systemd-nspawn", "kubectl", "ansible", "salt", "fc", "history", "jobs", "fg", "bg", "disown", "coproc", "mapfile", "readarray", "read", "getopts", "caller", "compgen", "complete", "dirs", "pushd", "popd", "suspend", "logout", "times"], pattern: /^(python|perl|ruby|php|lua|node)[0-9.]*$/ },
];

export function fixedEffect(name: string): Handler | undefined {
  const family = FAMILIES.find((f) => f.names.includes(name) || f.pattern?.test(name));
  if (!family) return undefined;
  return (call) => [effect(call, family.kind, name, `${name} ${family.what}`)];
}
