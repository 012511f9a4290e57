// Unit test of this project under Pulumi's mocks (a TEST DOUBLE of the engine and AWS provider):
// invokes are answered with one zone for both subnets and t3 limits.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "node:assert/strict";
import { awsFunctions, awsTypes } from "dual-homed-server-rules";

const subnets: Record<string, { cidrBlock: string }> = {
  "subnet-0aaaaaaaaaaaaaaa1": { cidrBlock: "10.0.1.0/24" },
  "subnet-0bbbbbbbbbbbbbbb2": { cidrBlock: "10.0.2.0/24" },
};
const limits: Record<string, [number, number]> = { "t3.micro": [2, 2], "t3.large": [3, 12] };
let host = 10;
let eip = 10;

describe("two-servers-ts", () => {
  let program: typeof import("./index.js");

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: ({ type, name, inputs }) => {
          const state = { ...inputs };
          if (type === awsTypes.networkInterface) {
            const base = subnets[inputs.subnetId].cidrBlock.split(".").slice(0, 3).join(".");
            const ips = Array.from({ length: 1 + (inputs.privateIpsCount ?? 0) }, () => `${base}.${host++}`);
            Object.assign(state, { privateIp: ips[0], privateIps: ips });
          }
          if (type === awsTypes.eip)
            Object.assign(state, { publicIp: `198.51.100.${eip}`, allocationId: `eipalloc-${eip++}` });
          return { id: `${name}-id`, state };
        },
        call: ({ token, inputs }) => {
          if (token === awsFunctions.getSubnet)
            return { id: inputs.id, availabilityZone: "us-east-1a", vpcId: "vpc-1" };
          if (token === awsFunctions.getInstanceType) {
            const [enis, ips] = limits[inputs.instanceType];
            return {
              maximumNetworkInterfaces: enis,
              maximumIpv4AddressesPerInterface: ips,
              maximumIpv6AddressesPerInterface: ips,
              ipv6Supported: true,
              networkCards: [{ index: 0, maximumInterfaces: enis }],
              supportedArchitectures: ["x86_64"],
            };
          }
          if (token === awsFunctions.getParameter) return { value: "ami-0123456789abcdef0" };
          throw new Error(`unexpected invoke ${token}`);
        },
      },
      "two-servers-ts",
      "dev",
    );
    pulumi.runtime.setAllConfig({
      "two-servers-ts:subnetA": "subnet-0aaaaaaaaaaaaaaa1",
      "two-servers-ts:subnetB": "subnet-0bbbbbbbbbbbbbbb2",
    });
    program = await import("./index.js");
  });

  const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

  it("exports one URL for web and one per HTTP-enabled address of app (eth0 and eth1's three)", async () => {
    assert.equal((await value(program.webUrls)).length, 1);
    assert.equal((await value(program.appUrls)).length, 4);
    const all = await value(program.urls);
    assert.equal(all.length, 5);
    for (const url of all) assert.match(url, /^http:\/\/198\.51\.100\.\d+\/$/);
  });
});
