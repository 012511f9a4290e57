import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { instanceNetworkLimitsTablePath } from "dual-homed-server-rules";
import { fetchInstanceNetworkLimits, serializeTable } from "../../scripts/instanceNetworkLimits";
import { motoCredentials, startMotoServer, type MotoServer } from "../../scripts/local/motoServer";
import { useMotoCredentials } from "../../scripts/local/motoTopology";

const committedTable = instanceNetworkLimitsTablePath;

describe("the instance network limits script (against a local EC2 emulator)", function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let restore: () => void;

  before(async () => {
    moto = await startMotoServer();
    restore = useMotoCredentials();
  });
  after(async () => {
    restore();
    await moto.stop();
  });

  it("reads every page of DescribeInstanceTypes into the documented shape", async () => {
    const table = await fetchInstanceNetworkLimits(["us-east-1"], moto.endpoint);
    assert.ok(Object.keys(table).length > 1000, "expected every instance type, across pages of 100");
    assert.deepEqual(table["t2.micro"], {
      maxNetworkInterfaces: 2,
      ipv4AddressesPerInterface: 2,
      ipv6AddressesPerInterface: 2,
      ipv6Supported: true,
      networkCards: [{ index: 0, maxNetworkInterfaces: 2 }],
    });
    assert.deepEqual(
      table["p4d.24xlarge"].networkCards.map((c) => c.index),
      [0, 1, 2, 3],
    );
    const keys = Object.keys(table);
    assert.deepEqual(keys, [...keys].sort());
  });

  it("merges regions, and the committed table is exactly what the script writes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "limits-"));
    try {
      const out = path.join(dir, "limits.json");
      const script = path.join(__dirname, "..", "..", "scripts", "build-instance-network-limits.ts");
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          "--conditions=source",
          "--import",
          "tsx",
          script,
          "--endpoint",
          moto.endpoint,
          "--regions",
          "us-east-1,eu-west-1",
          "--out",
          out,
        ],
        { env: { ...process.env, ...motoCredentials } },
      );
      assert.match(stdout, /wrote \d+ instance types from us-east-1, eu-west-1/);
      assert.equal(readFileSync(out, "utf8"), readFileSync(committedTable, "utf8"));
      assert.equal(readFileSync(out, "utf8"), serializeTable(JSON.parse(readFileSync(out, "utf8"))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
