import { describe, expectTypeOf, it } from "vitest";
import type {
  AccountInfo,
  CoveException,
  CoveFailedAssumeRole,
  CoveRecordBase,
  CoveResult,
  PolicyArn,
  SessionInformation,
} from "../../src/index.js";

/** Keys of T that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/** The record keys of the contract, written out once more by hand: the shapes must not drift. */
interface ExpectedRecordBase {
  Id: string;
  Name?: string;
  Email?: string;
  Arn?: string;
  Status?: string;
  State?: string;
  OrganizationId?: string;
  Region: string;
  Partition: string;
  RoleName: string;
  RoleSessionName: string;
  Policy?: string;
  PolicyArns?: PolicyArn[];
  ExternalId?: string;
  Tags?: Record<string, string>;
  OuPath?: string;
}

describe("record types", () => {
  it("CoveRecordBase has exactly the contract's keys, optional where they may be unknown", () => {
    expectTypeOf<CoveRecordBase>().toEqualTypeOf<ExpectedRecordBase>();
    expectTypeOf<OptionalKeys<CoveRecordBase>>().toEqualTypeOf<
      | "Name"
      | "Email"
      | "Arn"
      | "Status"
      | "State"
      | "OrganizationId"
      | "Policy"
      | "PolicyArns"
      | "ExternalId"
      | "Tags"
      | "OuPath"
    >();
  });

  it("SessionInformation has every record key present, undefined where a record may omit it", () => {
    expectTypeOf<OptionalKeys<SessionInformation>>().toEqualTypeOf<never>();
    expectTypeOf<keyof SessionInformation>().toEqualTypeOf<
      keyof CoveRecordBase | "AssumeRoleSuccess" | "Result" | "ExceptionDetails"
    >();
    expectTypeOf<SessionInformation>().toEqualTypeOf<{
      Id: string;
      Name: string | undefined;
      Email: string | undefined;
      Arn: string | undefined;
      Status: string | undefined;
      State: string | undefined;
      OrganizationId: string | undefined;
      Region: string;
      Partition: string;
      RoleName: string;
      RoleSessionName: string;
      Policy: string | undefined;
      PolicyArns: PolicyArn[] | undefined;
      ExternalId: string | undefined;
      AssumeRoleSuccess: boolean;
      Result: unknown;
      ExceptionDetails: unknown;
      Tags: Record<string, string> | undefined;
      OuPath: string | undefined;
    }>();
  });

  it("AccountInfo's record keys have the records' types; only Id is required", () => {
    expectTypeOf<Pick<AccountInfo, "Id" | "Name" | "Email" | "Arn">>().toEqualTypeOf<
      Pick<CoveRecordBase, "Id" | "Name" | "Email" | "Arn">
    >();
    expectTypeOf<
      Pick<AccountInfo, "Status" | "OrganizationId" | "Tags" | "OuPath">
    >().toEqualTypeOf<Pick<CoveRecordBase, "Status" | "OrganizationId" | "Tags" | "OuPath">>();
    expectTypeOf<Exclude<keyof AccountInfo, OptionalKeys<AccountInfo>>>().toEqualTypeOf<"Id">();
    // A record is not an account: run keys stay out of AccountInfo.
    expectTypeOf<
      Extract<keyof AccountInfo, "Region" | "RoleName" | "Policy">
    >().toEqualTypeOf<never>();
  });

  it("the three record kinds extend the base with their own keys", () => {
    expectTypeOf<CoveResult<number>>().toMatchTypeOf<CoveRecordBase>();
    expectTypeOf<CoveResult<number>["AssumeRoleSuccess"]>().toEqualTypeOf<true>();
    expectTypeOf<CoveException["AssumeRoleSuccess"]>().toEqualTypeOf<true>();
    expectTypeOf<CoveFailedAssumeRole["AssumeRoleSuccess"]>().toEqualTypeOf<false>();
    expectTypeOf<CoveException["ExceptionDetails"]>().toEqualTypeOf<unknown>();
    expectTypeOf<CoveResult<string>>().toMatchTypeOf<CoveResult<unknown>>();
    expectTypeOf<CoveResult<unknown>>().not.toMatchTypeOf<CoveResult<string>>();
  });
});
