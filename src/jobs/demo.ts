import { runDemo } from "../demo/run-demo.ts";
import type { JobIO } from "../runner.ts";

/** `rounds demo` / `npm run demo`: three days of rounds against an embedded lab; no GitHub, no fleet. */
export async function demoJob(options: { dir?: string }, io: JobIO): Promise<void> {
  await runDemo(io, options);
}
