import type { Account } from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { checkRootsExist, createOuTree } from "../../../src/discovery/ou-tree.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import { exampleOrg, id, repeated } from "./fake-org.js";

/** A visitor collecting account ids with their parent. */
function collector() {
  const seen: string[] = [];
  const visit = (accounts: Account[], parent: string) =>
    accounts.forEach((a) => seen.push(`${a.Id}@${parent}`));
  return { seen, visit };
}

describe("the OU tree of one discovery", () => {
  it("reads every root and OU path, child OUs once per parent", async () => {
    const { org, calls } = exampleOrg();
    const tree = createOuTree(org);
    expect(Object.fromEntries(await tree.paths())).toEqual({
      "r-root": "/",
      "ou-w": "/Workloads",
      "ou-x": "/Sandbox",
      "ou-p": "/Workloads/Prod",
      "ou-pay": "/Workloads/Prod/Payments",
      "ou-s": "/Workloads/Staging",
    });
    await tree.paths();
    expect(calls.filter((c) => c.startsWith("ListAccounts"))).toEqual([]);
    expect(calls.sort()).toEqual(
      [
        "ListRoots",
        ...["r-root", "ou-w", "ou-x", "ou-p", "ou-pay", "ou-s"].map(
          (p) => `ListOrganizationalUnitsForParent ${p}`,
        ),
      ].sort(),
    );
  });

  it("walks a subtree: every account of every descendant OU, page by page", async () => {
    const { org, calls } = exampleOrg();
    const { seen, visit } = collector();
    await createOuTree(org).walk("ou-w", visit);
    expect(seen.sort()).toEqual(
      [
        `${id(2)}@ou-w`,
        `${id(3)}@ou-p`,
        `${id(4)}@ou-p`,
        `${id(5)}@ou-p`,
        `${id(6)}@ou-pay`,
        `${id(7)}@ou-s`,
        `${id(8)}@ou-s`,
      ].sort(),
    );
    expect(calls).toContain("ListAccountsForParent ou-p #2");
    expect(repeated(calls)).toEqual([]);
  });

  it("shares the child OUs read for paths with the walks that follow", async () => {
    const { org, calls } = exampleOrg();
    const tree = createOuTree(org);
    await tree.paths();
    await tree.walk("r-root", () => {});
    expect(repeated(calls)).toEqual([]);
    expect(calls.filter((c) => c.startsWith("ListOrganizationalUnitsForParent"))).toHaveLength(6);
  });

  it("lists a parent's accounts once: a later walk reaching a walked subtree skips it", async () => {
    const { org, calls } = exampleOrg();
    const tree = createOuTree(org);
    const first = collector();
    const second = collector();
    await tree.walk("ou-p", first.visit);
    await tree.walk("ou-w", second.visit);
    expect(first.seen.sort()).toEqual(
      [`${id(3)}@ou-p`, `${id(4)}@ou-p`, `${id(5)}@ou-p`, `${id(6)}@ou-pay`].sort(),
    );
    expect(second.seen.sort()).toEqual([`${id(2)}@ou-w`, `${id(7)}@ou-s`, `${id(8)}@ou-s`].sort());
    expect(repeated(calls)).toEqual([]);
  });

  it("opens a subtree with its first page read; the rest comes with walkRest", async () => {
    const { org, calls } = exampleOrg();
    const tree = createOuTree(org);
    const opened = await tree.open("ou-p");
    expect(opened.first.map((a) => a.Id)).toEqual([id(3), id(4)]);
    expect(calls).toEqual(["ListAccountsForParent ou-p #1"]);
    const { seen, visit } = collector();
    await opened.walkRest(visit);
    expect(seen.sort()).toEqual([`${id(5)}@ou-p`, `${id(6)}@ou-pay`]);
    const again = await tree.open("ou-p");
    expect(again.first).toEqual([]);
    expect(repeated(calls)).toEqual([]);
  });

  it("an unknown OU rejects with the Organizations error", async () => {
    const { org } = exampleOrg();
    await expect(createOuTree(org).open("ou-nope")).rejects.toMatchObject({
      name: "ParentNotFoundException",
    });
    await expect(createOuTree(org).walk("ou-nope", () => {})).rejects.toMatchObject({
      name: "ParentNotFoundException",
    });
  });

  it("a failure deep in a walk rejects the walk", async () => {
    const { org, failures } = exampleOrg();
    failures.set("ListAccountsForParent ou-pay #1", new Error("TimeoutError"));
    await expect(createOuTree(org).walk("r-root", () => {})).rejects.toThrow("TimeoutError");
  });

  it("checks that roots exist (ListRoots once)", async () => {
    const { org, calls } = exampleOrg();
    const tree = createOuTree(org);
    await checkRootsExist(tree, ["r-root"], "targetIds");
    const e = (await checkRootsExist(tree, ["r-root", "r-zzzz"], "targetIds").catch(
      (x: unknown) => x,
    )) as CoveError;
    expect(e).toBeInstanceOf(CoveError);
    expect(e.code).toBe("TARGET_NOT_FOUND");
    expect(e.ids).toEqual(["r-zzzz"]);
    expect(e.option).toBe("targetIds");
    expect(e.message).toBe("targetIds: root r-zzzz does not exist in the organization.");
    expect(calls).toEqual(["ListRoots"]);
  });
});
