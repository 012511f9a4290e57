import * as assert from "node:assert/strict";
import { DualHomedServer, type IngressRuleArgs, type InterfaceInfo } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

// The component's own checks of ingress sources and ports, seen the way a user meets them: a
// construction that succeeds, or one message naming the value and the rule.

function construct(args: { httpIngressCidrs?: string[]; ingress?: IngressRuleArgs[] }): DualHomedServer {
  return new DualHomedServer("web", {
    subnetId: "subnet-a1",
    httpIngressCidrs: args.httpIngressCidrs,
    secondaryInterfaces: args.ingress ? [{ subnetId: "subnet-a2", ingress: args.ingress }] : undefined,
  });
}

function refusal(args: Parameters<typeof construct>[0]): string {
  try {
    construct(args);
  } catch (err) {
    return (err as Error).message;
  }
  return assert.fail(`accepted ${JSON.stringify(args)}`);
}

describe("Ingress sources are CIDR blocks as AWS security group rules take them", () => {
  beforeEach(() => useMockedAwsEngine(subnets));

  for (const ok of ["0.0.0.0/0", "10.0.0.0/8", "203.0.113.7/32", "::/0", "2001:db8::/32", "2001:db8::1/128"]) {
    it(`accepts ${ok}`, () => assert.doesNotThrow(() => construct({ httpIngressCidrs: [ok] })));
  }
  for (const bad of ["10.0.0.0", "10/8", "10.0.0.0/33", "256.0.0.0/8", "2001:db8::/129", "a.b.c.d/8"]) {
    it(`refuses ${JSON.stringify(bad)} as not a CIDR block`, () =>
      assert.match(
        refusal({ httpIngressCidrs: [bad] }),
        /valid-cidr-block: httpIngressCidrs\[0\] .* not a CIDR block/,
      ));
  }
  it("refuses host bits, giving the canonical block to write instead", () => {
    assert.match(
      refusal({ httpIngressCidrs: ["192.168.1.7/24"] }),
      /host bits set; AWS stores it as "192\.168\.1\.0\/24"/,
    );
    assert.match(refusal({ httpIngressCidrs: ["2001:db8::1/32"] }), /AWS stores it as "2001:db8::\/32"/);
  });
  it("names empty and repeated entries by index", () => {
    const message = refusal({ httpIngressCidrs: ["10.0.0.0/8", "", "10.0.0.0/8"] });
    assert.match(message, /httpIngressCidrs\[1\] is empty/);
    assert.match(message, /httpIngressCidrs\[2\] repeats "10\.0\.0\.0\/8"/);
  });
});

describe("Ingress ports follow the protocol's range", () => {
  beforeEach(() => useMockedAwsEngine(subnets));
  const from = (rule: Omit<IngressRuleArgs, "cidrBlocks">): IngressRuleArgs => ({
    ...rule,
    cidrBlocks: ["10.0.0.0/8"],
  });

  it("accepts a TCP range, a single UDP port, ICMP type and code -1, and all protocols without ports", () => {
    assert.doesNotThrow(() =>
      construct({
        ingress: [
          from({ protocol: "tcp", fromPort: 8000, toPort: 8100 }),
          from({ protocol: "udp", fromPort: 53 }),
          from({ protocol: "icmp", fromPort: -1, toPort: -1 }),
          from({ protocol: "-1" }),
        ],
      }),
    );
  });
  it("refuses an ICMP type of 256", () =>
    assert.match(
      refusal({ ingress: [from({ protocol: "icmp", fromPort: 256, toPort: 0 })] }),
      /fromPort 256; icmp takes whole numbers from -1 to 255/,
    ));
  it("refuses fractional, negative and reversed TCP ports", () => {
    assert.match(refusal({ ingress: [from({ fromPort: 80.5 })] }), /fromPort 80\.5/);
    assert.match(
      refusal({ ingress: [from({ fromPort: -1 })] }),
      /fromPort -1; tcp takes whole numbers from 0 to 65535/,
    );
    assert.match(refusal({ ingress: [from({ fromPort: 443, toPort: 80 })] }), /fromPort 443 above toPort 80/);
  });
  it("requires a port for TCP", () => assert.match(refusal({ ingress: [from({ protocol: "tcp" })] }), /no fromPort/));
});

describe("An interface allows HTTP when a rule covers TCP port 80", () => {
  const allowsHttp = async (rule: Omit<IngressRuleArgs, "cidrBlocks">): Promise<boolean> => {
    await useMockedAwsEngine(subnets);
    const server = construct({ ingress: [{ ...rule, cidrBlocks: ["0.0.0.0/0"] }] });
    const interfaces: InterfaceInfo[] = await valueOf(server.interfaces);
    return interfaces[1].allowsHttp;
  };
  it("is true for port 80, a TCP range covering 80, and all protocols", async () => {
    assert.equal(await allowsHttp({ fromPort: 80 }), true);
    assert.equal(await allowsHttp({ fromPort: 1, toPort: 1024 }), true);
    assert.equal(await allowsHttp({ protocol: "-1" }), true);
  });
  it("is false for another TCP port and for UDP port 80", async () => {
    assert.equal(await allowsHttp({ fromPort: 443 }), false);
    assert.equal(await allowsHttp({ protocol: "udp", fromPort: 80 }), false);
  });
});
