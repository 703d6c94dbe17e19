import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { GUARDRAILS_FILE } from "../../config/ops-config.ts";
import { guardrailsSchema, type Guardrails } from "../../config/schemas/guardrails.ts";
import { validateYaml } from "../../config/validate-schema.ts";
import { changeRequestPath, parseChangeRequest } from "../../core/escalation/change-request.ts";
import { BACKLOG_FILE, IDEAS_FILE, findItemById, parseBacklog } from "../../core/ledger/index.ts";
import { localTime } from "../../core/policy/clock.ts";
import type { CommandEffects, EffectOutcome } from "../../handlers/handler-deps.ts";
import type { LedgerEditor } from "../../core/commands/ledger-commands.ts";
import type { OpsRepo } from "../ops-repo.ts";

export const HOLDS_FILE = "state/holds.json";
const BACKLOG = BACKLOG_FILE;
const IDEAS = IDEAS_FILE;

/** A `/hold`: the bot makes no unattended change to `host` (or to the item) until it is released. */
export interface Hold {
  item: string;
  host?: string;
  by: string;
  ref: string;
  since: string;
}

/**
 * The comment commands' effects, written to the ops repo as commits. Each reads the current default
 * branch, edits, and commits only when something changed — so a repeat is a no-op that says so.
 */
export class OpsRepoEffects implements CommandEffects {
  constructor(
    private readonly repo: OpsRepo,
    private readonly ledger: LedgerEditor,
  ) {}

  acceptIdea(id: string, by: string, note: string | undefined, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `${id}: accepted by @${by}`,
      async (dir, date) => {
        const [ideas, backlog] = [await read(dir, IDEAS), await read(dir, BACKLOG)];
        const result = this.ledger.acceptIdea({ ideas, backlog }, { id, by: `@${by}`, note, date });
        return { result, writes: { [IDEAS]: result.ideas, [BACKLOG]: result.backlog } };
      },
      at,
    );
  }

  rejectIdea(id: string, by: string, reason: string, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `${id}: rejected by @${by}`,
      async (dir, date) => {
        const result = this.ledger.rejectIdea(await read(dir, IDEAS), { id, by: `@${by}`, reason, date });
        return { result, writes: { [IDEAS]: result.ideas } };
      },
      at,
    );
  }

  dropItem(id: string, by: string, reason: string, at: Date): Promise<EffectOutcome> {
    return this.closeItem(id, "dropped", by, reason, at);
  }

  markDone(id: string, by: string, at: Date): Promise<EffectOutcome> {
    return this.closeItem(id, "done", by, "done by hand", at);
  }

  hold(id: string, by: string, ref: string, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `${id}: held by @${by}`,
      async (dir, date) => {
        if (!findItemById(parseBacklog(await read(dir, BACKLOG)), id)) throw new Error(`there is no backlog item ${id} in ${BACKLOG}`);
        const holds = await readHolds(dir);
        if (holds.some((h) => h.item === id)) return { result: { changed: false, message: `${id} is already held` } };
        const host = await hostOf(dir, id);
        holds.push({ item: id, ...(host ? { host } : {}), by: `@${by}`, ref, since: date });
        return {
          result: { changed: true, message: `${id} is held${host ? `: no unattended change on ${host}` : ""} until \`/release\`` },
          writes: { [HOLDS_FILE]: holdsText(holds) },
        };
      },
      at,
    );
  }

  release(id: string, by: string, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `${id}: released by @${by}`,
      async (dir) => {
        const holds = await readHolds(dir);
        const rest = holds.filter((h) => h.item !== id);
        if (rest.length === holds.length) return { result: { changed: false, message: `${id} was not held` } };
        return { result: { changed: true, message: `${id} is released` }, writes: { [HOLDS_FILE]: holdsText(rest) } };
      },
      at,
    );
  }

  engageKillSwitch(by: string, reason: string, ref: string, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `Kill switch engaged by @${by}`,
      async (dir, date, guardrails) => {
        const file = guardrails?.killSwitch.file ?? "STOP";
        const existing = await read(dir, file, null);
        if (existing !== null) return { result: { changed: false, message: `the kill switch is already engaged (\`${file}\` exists)` } };
        const text = `Kill switch engaged on ${date} by @${by}: ${reason}\nSee ${ref}\nNo change of any kind is made while this file exists. Remove it in a reviewed pull request to resume.\n`;
        return {
          result: { changed: true, message: `the kill switch is engaged: \`${file}\` is committed; no change of any kind until a reviewed PR removes it` },
          writes: { [file]: text },
        };
      },
      at,
    );
  }

  private closeItem(id: string, status: "done" | "dropped", by: string, note: string, at: Date): Promise<EffectOutcome> {
    return this.edit(
      `${id}: ${status} by @${by}`,
      async (dir, date) => {
        const result = this.ledger.closeItem(await read(dir, BACKLOG), { id, status, by: `@${by}`, note, date });
        return { result, writes: { [BACKLOG]: result.backlog } };
      },
      at,
    );
  }

  /** One commit per effect; the edit runs again on fresh state if the push loses a race. */
  private async edit(
    message: string,
    change: (dir: string, date: string, guardrails: Guardrails | undefined) => Promise<{ result: EffectOutcome; writes?: Record<string, string> }>,
    at: Date,
  ): Promise<EffectOutcome> {
    let outcome: EffectOutcome | undefined;
    await this.repo.update(message, async (dir) => {
      const guardrails = await readGuardrails(dir);
      const { result, writes = {} } = await change(dir, localTime(at, guardrails?.timezone ?? "UTC").date, guardrails);
      outcome = { changed: result.changed, message: result.message };
      if (!result.changed) return [];
      for (const [path, text] of Object.entries(writes)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      return Object.keys(writes);
    });
    return outcome!;
  }
}

async function read(dir: string, path: string): Promise<string>;
async function read(dir: string, path: string, missing: null): Promise<string | null>;
async function read(dir: string, path: string, missing?: null): Promise<string | null> {
  return readFile(join(dir, path), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" && missing === null) return null;
    if (error.code === "ENOENT") throw new Error(`the ops repo has no ${path}: run \`rounds init\` or restore it`);
    throw error;
  });
}

/** Guardrails as committed; an unreadable file leaves the defaults (UTC, `STOP`) so `/stop` always works. */
async function readGuardrails(dir: string): Promise<Guardrails | undefined> {
  const text = await read(dir, GUARDRAILS_FILE, null);
  return text === null ? undefined : validateYaml(GUARDRAILS_FILE, text, guardrailsSchema).value;
}

async function readHolds(dir: string): Promise<Hold[]> {
  const text = await read(dir, HOLDS_FILE, null);
  if (text === null) return [];
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${HOLDS_FILE} is not a JSON list: fix it by hand (it is a list of holds) before using /hold`);
  return parsed as Hold[];
}

function holdsText(holds: Hold[]): string {
  return `${JSON.stringify(holds, null, 2)}\n`;
}

async function hostOf(dir: string, id: string): Promise<string | undefined> {
  const text = await read(dir, changeRequestPath(id), null);
  return text === null ? undefined : parseChangeRequest(changeRequestPath(id), text).value?.host;
}
