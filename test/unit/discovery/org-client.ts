import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";

/** An Organizations client whose `send` is mocked (reset it after each test). */
export function mockedOrganizations() {
  const client = new OrganizationsClient({
    region: "us-east-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });
  return { client, mock: mockClient(client) };
}
