import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { FakeCredentials } from "./env.js";
import { motoAvailable, startMoto, type Moto } from "./moto.js";
import { seedOrganization, type OuSpec, type SeededOrg } from "./org.js";
import { orgFromSpec } from "./simulator-org.js";
import { startSimulator } from "./simulator.js";

/** The local AWS the demo runs against, holding its example organization. */
export interface LocalAws {
  /** `moto` (moto_server on PATH) or `simulator` (cove's own, in this process). */
  kind: "moto" | "simulator";
  url: string;
  org: SeededOrg;
  stop(): Promise<void>;
}

/** Creates the organization in moto through the Organizations API, as its management account. */
async function seedMoto(moto: Moto, spec: OuSpec, credentials: FakeCredentials) {
  const client = new OrganizationsClient({ region: "us-east-1", endpoint: moto.url, credentials });
  try {
    return await seedOrganization(client, spec);
  } finally {
    client.destroy();
  }
}

/** moto_server with the organization created in it. */
async function startMotoWith(
  spec: OuSpec,
  credentials: FakeCredentials,
  say: (line: string) => void,
): Promise<LocalAws> {
  const moto = await startMoto();
  try {
    say(
      `cove demo: moto_server is running at ${moto.url} (a local AWS stand-in; nothing leaves this machine).`,
    );
    say(
      "cove demo: creating the example organization (30 accounts in nested OUs, one of them closed)…",
    );
    const org = await seedMoto(moto, spec, credentials);
    return { kind: "moto", url: moto.url, org, stop: () => moto.stop() };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

/** The project's own simulator (STS and Organizations), serving the organization as generated. */
async function startSimulatorWith(spec: OuSpec, say: (line: string) => void): Promise<LocalAws> {
  const { org, seeded } = orgFromSpec(spec);
  const sim = await startSimulator({ org });
  say(
    `cove demo: moto_server is not on PATH, so the demo runs on cove's own AWS simulator at ${sim.url} ` +
      "(STS and Organizations, in this process; nothing leaves this machine).",
  );
  return { kind: "simulator", url: sim.url, org: seeded, stop: () => sim.stop() };
}

/**
 * The demo's local AWS holding an organization shaped like `spec`: moto_server when it is on
 * PATH (the organization created through the API), else cove's own simulator (nothing to
 * install). `say` receives the line that tells which.
 */
export function startLocalAws(
  spec: OuSpec,
  credentials: FakeCredentials,
  say: (line: string) => void,
): Promise<LocalAws> {
  return motoAvailable() ? startMotoWith(spec, credentials, say) : startSimulatorWith(spec, say);
}
