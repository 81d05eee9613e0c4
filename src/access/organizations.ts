import { readCallerIdentity } from "../aws/hub.js";
import { assumeRoleSource } from "../credentials/assume-role.js";
import { lookupAccounts } from "../discovery/explicit.js";
import { withOrgError } from "../discovery/org-errors.js";
import type { Organizations } from "../discovery/organizations.js";
import { emptySelectionError } from "../discovery/selector.js";
import type { Access, AccessDiscovery } from "./access.js";

/** The discovery side: explicit ids looked up, tags from Organizations, Organizations lists. */
function organizationsDiscovery(org: Organizations): AccessDiscovery {
  return {
    filterSeesOuPath: true,
    check: async () => {},
    lookup: (ids) => lookupAccounts(org, ids),
    mayRun: undefined,
    tagReader: () => (id) => withOrgError(org.readTags(id), "the tags of account", [id]),
    ownListing: () => undefined,
  };
}

/**
 * Accounts from AWS Organizations (the calling account left out), credentials from one
 * AssumeRole per account through the hub's STS client. Holds nothing of its own.
 */
export const organizationsAccess: Access = {
  defaultRegion: undefined,
  identify: readCallerIdentity,
  discovery: organizationsDiscovery,
  emptySelection: emptySelectionError,
  credentials: (hub, role) => assumeRoleSource(hub.sts, { ...role, partition: hub.partition }),
  targets: () => ({}),
  close: () => {},
};
