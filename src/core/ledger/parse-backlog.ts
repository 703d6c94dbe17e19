import {
  BACKLOG_FILE,
  BACKLOG_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  backlogSpec,
  type BacklogDoc,
  type BacklogItem,
  type BacklogStatus,
  type Priority,
} from "./backlog.ts";
import { parseLink, parseOption, type Link, type StatusChange } from "./item-lines.ts";
import { parseItemStructure, type ItemBlock } from "./item-structure.ts";
import type { LedgerProblem } from "./ledger-error.ts";
import { parseEvidenceList } from "./parse-evidence-list.ts";
import { parseStatusHistory } from "./parse-status-history.ts";

/** Parses BACKLOG.md into items; `problems` lists everything it could not understand. */
export function parseBacklog(text: string, file: string = BACKLOG_FILE): BacklogDoc {
  const structure = parseItemStructure(text, backlogSpec(file));
  const problems = [...structure.problems];
  let rank = 0;
  const items = structure.items.map((block) => {
    const item = toItem(block, file, problems);
    if (OPEN_STATUSES.includes(item.status)) item.rank = ++rank;
    return item;
  });
  return { file, text, items, problems, structure };
}

function toItem(block: ItemBlock, file: string, problems: LedgerProblem[]): BacklogItem {
  const at = (line: number, message: string) => problems.push({ file, line, message: `${block.id}: ${message}` });
  const priority = block.fields.get("Priority");
  if (!priority || !PRIORITIES.includes(priority.value as Priority))
    at(priority?.line ?? block.line, `the "Priority" field must be one of ${PRIORITIES.join(", ")}`);
  const fingerprint = block.fields.get("Fingerprint");
  if (!fingerprint?.value) at(block.line, 'the "Fingerprint" field is missing');
  const history = parseStatusHistory(block, BACKLOG_STATUSES, at) as StatusChange<BacklogStatus>[];
  const status = history.at(-1)?.status ?? "open";
  const section = block.section as BacklogItem["section"];
  if ((section === "Open") !== OPEN_STATUSES.includes(status)) at(block.line, `its status is ${status} but it sits under "## ${section}"`);
  const evidence = parseEvidenceList(block, at);
  const links = (block.subsections.get("Links")?.list?.entries ?? []).map(parseLink).filter((l): l is Link => l !== undefined);
  const item: BacklogItem = {
    id: block.id,
    title: block.title,
    priority: (priority?.value ?? "P4") as Priority,
    status,
    history,
    fingerprint: fingerprint?.value ?? "",
    evidence,
    options: (block.subsections.get("Options")?.list?.entries ?? []).map(parseOption),
    links,
    humanContent: block.humanContent,
    section,
    line: block.line,
  };
  const reason = block.fields.get("Reason")?.value;
  if (reason) item.reason = reason;
  return item;
}
