import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

async function serverWith(args: Partial<DualHomedServerArgs>) {
  await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", { subnetId: "subnet-a1", ami: "ami-1", ...args });
  return { interfaces: await valueOf(server.interfaces), urls: await valueOf(server.urls) };
}

describe("URLs follow who can reach port 80 at the Elastic IPs (IPv4 addresses)", () => {
  it("lists no URL for an interface open to HTTP only from IPv6 sources", async () => {
    const { interfaces, urls } = await serverWith({
      httpIngressCidrs: [],
      secondaryInterfaces: [{ ingress: [{ fromPort: 80, cidrBlocks: ["::/0"] }] }],
    });
    assert.deepEqual(
      interfaces.map((i) => [i.allowsHttp, i.httpSources]),
      [
        [false, []],
        [false, []],
      ],
    );
    assert.deepEqual(urls, []);
  });

  it("says which IPv4 sources a URL is open to, in the canonical form AWS stores", async () => {
    const { interfaces, urls } = await serverWith({ httpIngressCidrs: ["203.0.113.0/24", "2001:db8::/32"] });
    assert.deepEqual(interfaces[0].httpSources, ["203.0.113.0/24"]);
    assert.equal(interfaces[0].allowsHttp, true);
    assert.deepEqual(
      urls,
      interfaces[0].publicIps.map((ip) => `http://${ip}/`),
    );
  });

  it("counts an all-protocols rule and a port range covering 80, and not a rule for another port", async () => {
    const { interfaces } = await serverWith({
      secondaryInterfaces: [
        {
          ingress: [
            { protocol: "-1", cidrBlocks: ["10.0.0.0/8"] },
            { fromPort: 1, toPort: 1024, cidrBlocks: ["192.0.2.0/24"] },
            { fromPort: 443, cidrBlocks: ["198.51.100.0/24"] },
          ],
        },
      ],
    });
    assert.deepEqual(interfaces[0].httpSources, ["0.0.0.0/0"]);
    assert.deepEqual(interfaces[1].httpSources, ["10.0.0.0/8", "192.0.2.0/24"]);
  });
});

describe("inbound rules as AWS stores them", () => {
  it("creates a rule with the canonical block AWS reads back, named after the block as written", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", {
      subnetId: "subnet-a1",
      ami: "ami-1",
      secondaryInterfaces: [{ ingress: [{ fromPort: 443, cidrBlocks: ["2001:DB8:0::/32"] }] }],
    });
    await valueOf(server.urls);
    await engine.settle();
    const rule = engine.byName("web-eth1-ingress-tcp-443-443-2001_DB8_0__-32");
    assert.equal(rule.inputs.cidrIpv6, "2001:db8::/32");
    assert.equal(rule.inputs.ipProtocol, "tcp");
    assert.equal(rule.inputs.toPort, 443);
  });
});
