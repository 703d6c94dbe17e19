/**
 * The in-process SSH peer of the tests and the benchmark. It ships with the embedded demo (which
 * needs it outside test/), so there is one implementation: src/demo/fake-ssh-host.ts — ssh2's
 * Server executing exec requests with /bin/sh in a sandbox, with injectable per-command delay,
 * dropped connections and hanging commands, SFTP uploads and direct-tcpip (jump host).
 */
export { generateKeyPair, startFakeHost, type CommandFault, type FakeHost, type FakeHostOptions } from "../../src/demo/fake-ssh-host.ts";
