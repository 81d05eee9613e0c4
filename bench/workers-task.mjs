// The run of the workers scenario: one STS call with the session's credentials.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export async function callerIdentity(session) {
  const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  return out.Account;
}
