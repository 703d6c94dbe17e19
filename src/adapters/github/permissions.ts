import { callGitHub, isNotFound } from "./github-error.ts";
import type { RepoClient } from "./repo-client.ts";

export type Role = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** Roles whose holders may steer the bot: write access or more. Triage and read may not. */
export const STEERING_ROLES: readonly Role[] = ["admin", "maintain", "write"];

/**
 * The user's live role on the repository. `role_name` is used because the older `permission` field
 * reports maintain as write and triage as read; a custom role is mapped to the strongest built-in
 * right it grants. A user who is not a collaborator has no role.
 */
export async function getPermission(client: RepoClient, user: string): Promise<Role> {
  const { octokit, owner, repo } = client;
  return callGitHub(`getPermission ${user}`, async () => {
    try {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: user });
      const named = data.role_name as string;
      if (["admin", "maintain", "write", "triage", "read"].includes(named)) return named as Role;
      const rights = data.user?.permissions;
      if (rights?.admin) return "admin";
      if (rights?.maintain) return "maintain";
      if (rights?.push) return "write";
      if (rights?.triage) return "triage";
      return rights?.pull ? "read" : "none";
    } catch (error) {
      if (isNotFound(error)) return "none";
      throw error;
    }
  });
}

export function canSteer(role: Role): boolean {
  return STEERING_ROLES.includes(role);
}
