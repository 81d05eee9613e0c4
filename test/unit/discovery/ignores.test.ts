import { describe, expect, it } from "vitest";
import { expandIgnores } from "../../../src/discovery/ignores.js";
import { createOuTree } from "../../../src/discovery/ou-tree.js";
import { classifyIds } from "../../../src/domain/ids.js";
import { exampleOrg, id, repeated } from "./fake-org.js";

const CALLER = "000000000000";
const ignoring = (ids: string[]) => classifyIds(ids, "ignoreIds");

describe("ignores", () => {
  it("always leaves the calling account out, with the ignored ids, reading nothing", async () => {
    const { org, calls } = exampleOrg();
    const ignored = await expandIgnores(org, createOuTree(org), ignoring([id(9)]), CALLER);
    expect([...ignored].sort()).toEqual([CALLER, id(9)]);
    expect(calls).toEqual([]);
  });

  it("expands ignored OUs to every account below them (nested OUs too), each parent once", async () => {
    const { org, calls } = exampleOrg();
    const ignored = await expandIgnores(
      org,
      createOuTree(org),
      { ...ignoring([]), ous: ["ou-w", "ou-p"] },
      CALLER,
    );
    expect([...ignored].sort()).toEqual([CALLER, ...[2, 3, 4, 5, 6, 7, 8].map(id)].sort());
    expect(repeated(calls)).toEqual([]);
  });

  it("an ignored root leaves every account out; an unknown one is TARGET_NOT_FOUND", async () => {
    const { org } = exampleOrg();
    const tree = createOuTree(org);
    const all = await expandIgnores(org, tree, { ...ignoring([]), roots: ["r-root"] }, CALLER);
    expect(all.size).toBe(9);
    await expect(
      expandIgnores(org, tree, { ...ignoring([]), roots: ["r-zzzz"] }, CALLER),
    ).rejects.toMatchObject({ code: "TARGET_NOT_FOUND", ids: ["r-zzzz"], option: "ignoreIds" });
  });

  it("an unknown OU is TARGET_NOT_FOUND naming it and the option", async () => {
    const { org } = exampleOrg();
    await expect(
      expandIgnores(org, createOuTree(org), { ...ignoring([]), ous: ["ou-nope"] }, CALLER),
    ).rejects.toMatchObject({
      code: "TARGET_NOT_FOUND",
      ids: ["ou-nope"],
      option: "ignoreIds",
      message: "ignoreIds: OU ou-nope does not exist in the organization.",
    });
  });
});
