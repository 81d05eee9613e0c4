import { describe, expect, it } from "vitest";
import { childEnv } from "../../../../src/cli/exec/child-env.js";

const role = {
  accessKeyId: "ASIAROLE",
  secretAccessKey: "role-secret",
  sessionToken: "role-token",
};
const info = { Id: "111111111111", Region: "eu-west-1", Name: "one" };

describe("childEnv", () => {
  it("drops every variable that leads to the hub's credentials, keeps the rest, turns the instance metadata off", () => {
    const hub = {
      AWS_PROFILE: "hub",
      AWS_DEFAULT_PROFILE: "hub",
      AWS_ACCESS_KEY: "legacy",
      AWS_SECRET_KEY: "legacy",
      AWS_SECURITY_TOKEN: "t",
      AWS_CONFIG_FILE: "/hub/config",
      AWS_SHARED_CREDENTIALS_FILE: "/hub/credentials",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-token",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/var/run/token",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks/token",
      AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/pod",
      AWS_ROLE_SESSION_NAME: "pod",
      AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://169.254.169.254",
      AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv4",
      AWS_EC2_METADATA_V1_DISABLED: "true",
      AWS_EC2_METADATA_DISABLED: "false",
      AWS_SSO_SESSION: "corp",
    };
    const kept = {
      PATH: "/bin",
      AWS_ENDPOINT_URL: "http://localhost:5000",
      AWS_CA_BUNDLE: "/ca.pem",
    };
    const env = childEnv({ ...hub, ...kept }, role, info);
    for (const key of Object.keys(hub))
      if (key !== "AWS_EC2_METADATA_DISABLED") expect(env).not.toHaveProperty(key);
    expect(env).toMatchObject(kept);
    expect(env).toMatchObject({
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "ASIAROLE",
      AWS_SECRET_ACCESS_KEY: "role-secret",
      AWS_SESSION_TOKEN: "role-token",
      AWS_REGION: "eu-west-1",
      AWS_ACCOUNT_ID: "111111111111",
    });
  });
});
