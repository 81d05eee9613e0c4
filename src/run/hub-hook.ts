import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import type { Hub } from "../aws/hub.js";
import type { ResolvedOptions } from "../options/index.js";
import type { HubEvent } from "../types.js";
import { callbackFailed } from "./deliver.js";

/**
 * The hub's organization: that of the `accounts` option's records when one carries it (no
 * call), else one `organizations:DescribeOrganization` on the hub's own client; `undefined`
 * when it cannot be read (no access, not in an organization, the call stopped).
 */
async function organizationId(
  hub: Hub,
  options: ResolvedOptions,
  signal: AbortSignal,
): Promise<string | undefined> {
  const listed = options.selection.accounts?.find((a) => typeof a.OrganizationId === "string");
  if (listed?.OrganizationId !== undefined) return listed.OrganizationId;
  try {
    const out = await hub.organizations.send(new DescribeOrganizationCommand({}), {
      abortSignal: signal,
    });
    return out.Organization?.Id;
  } catch {
    return undefined;
  }
}

/**
 * Tells the `onHub` option who the hub is, once, before any discovery and any role (nothing
 * is read without the option). What it throws stops the call: `CALLBACK_FAILED` with the
 * thrown value as its `cause`.
 */
export async function announceHub(
  hub: Hub,
  options: ResolvedOptions,
  signal: AbortSignal,
): Promise<void> {
  const { onHub } = options.hub;
  if (onHub === undefined) return;
  const identityCenter = options.identityCenter !== undefined;
  const event: HubEvent = {
    accountId: hub.accountId,
    arn: hub.arn,
    partition: hub.partition,
    region: hub.region,
    organizationId: identityCenter ? undefined : await organizationId(hub, options, signal),
  };
  try {
    await onHub(event);
  } catch (error) {
    throw callbackFailed("onHub", error);
  }
}
