import type { EC2Client } from "@aws-sdk/client-ec2";
import { startMotoServer, type MotoServer } from "../../scripts/local/motoServer";
import { motoEc2Client } from "../../scripts/local/motoTopology";

/**
 * A moto server and an EC2 client on it for the enclosing mocha `describe`: started before its
 * tests, the client destroyed and the server stopped after them. Read `moto` and `ec2` inside hooks
 * and tests (each test builds the topology it needs, e.g. `createFailoverTopology(moto.endpoint, n)`).
 */
export function motoEc2ForSuite(): { readonly moto: MotoServer; readonly ec2: EC2Client } {
  const suite = {} as { moto: MotoServer; ec2: EC2Client };
  before(async () => {
    suite.moto = await startMotoServer();
    suite.ec2 = motoEc2Client(suite.moto.endpoint);
  });
  after(async () => {
    suite.ec2?.destroy();
    await suite.moto?.stop();
  });
  return suite;
}
