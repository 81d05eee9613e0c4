import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ResolvedOptions } from "../options/index.js";
import type { Access } from "./access.js";
import { organizationsAccess } from "./organizations.js";

/**
 * Chooses the call's {@link Access}, once: Identity Center with the `identityCenter` option
 * (its login and token read now, before any AWS call), else Organizations + AssumeRole. The
 * Identity Center side (its portal client and token provider) is loaded only when chosen:
 * this `import()` is the one way in.
 */
export async function openAccess(
  options: Pick<ResolvedOptions, "identityCenter">,
  handler: NodeHttpHandler,
): Promise<Access> {
  if (options.identityCenter === undefined) return organizationsAccess;
  const { openIdentityCenterAccess } = await import("./identity-center/index.js");
  return openIdentityCenterAccess(options.identityCenter, handler);
}
