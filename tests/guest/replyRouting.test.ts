// The routing the user data configures on Ubuntu and RHEL, run on this machine's Linux kernel:
// the instance, its interfaces (veth pairs with the VPC's addresses), a router namespace standing
// for the VPC (dropping what EC2's source/destination check drops) and a client behind it
// (`netnsRig.ts`). The hook script run here is the text every family's user data carries
// (`userDataFamilies.test.ts` checks that). There is no udev, networkd or NetworkManager inside a
// namespace: the tests call the hook as those call it, `add <interface>` once the interface has its
// addresses and `remove <interface>` once it is gone. Needs root (CI runs as root); skipped,
// saying why, where network namespaces are not permitted.
import * as assert from "node:assert/strict";
import { routingHookScript, routingTableBase } from "../../components/guest/routingHook";
import { NetnsRig, netnsUnavailable, type GuestInterface } from "./netnsRig";

const eth0: GuestInterface = {
  name: "eth0",
  ipv4: ["10.0.1.10/24", "10.0.1.11/24"],
  ipv6: ["2001:db8:1::10/64"],
  subnet4: "10.0.1.0/24",
  subnet6: "2001:db8:1::/64",
  router4: "10.0.1.1/24",
  router6: "2001:db8:1::1/64",
};
/** eth1 in eth0's subnet: the walkthrough's layout, and the one that routes asymmetrically. */
const eth1SameSubnet: GuestInterface = {
  name: "eth1",
  ipv4: ["10.0.1.20/24", "10.0.1.21/24"],
  ipv6: ["2001:db8:1::20/64"],
  subnet4: "10.0.1.0/24",
  subnet6: "2001:db8:1::/64",
  router4: "10.0.1.1/24",
  router6: "2001:db8:1::1/64",
};
/**
 * Two subnets of a default VPC (172.31.0.0/16, /20 subnets): addresses of 2^31 and above as
 * numbers, which some awk implementations print in floating point.
 */
const eth0DefaultVpc: GuestInterface = {
  name: "eth0",
  ipv4: ["172.31.16.10/20", "172.31.16.11/20"],
  ipv6: ["2001:db8:16::10/64"],
  subnet4: "172.31.16.0/20",
  subnet6: "2001:db8:16::/64",
  router4: "172.31.16.1/20",
  router6: "2001:db8:16::1/64",
};
const eth1DefaultVpcOtherSubnet: GuestInterface = {
  name: "eth1",
  ipv4: ["172.31.32.20/20", "172.31.32.21/20"],
  ipv6: ["2001:db8:32::20/64"],
  subnet4: "172.31.32.0/20",
  subnet6: "2001:db8:32::/64",
  router4: "172.31.32.1/20",
  router6: "2001:db8:32::1/64",
};

const addressesOf = (eni: GuestInterface) => [...eni.ipv4, ...eni.ipv6].map((cidr) => cidr.split("/")[0]);

/** A request to `address`, with the packets each interface sent meanwhile. */
function probe(rig: NetnsRig, address: string, timeoutSeconds = 1) {
  const before = rig.txPackets();
  const body = rig.request(address, timeoutSeconds);
  const after = rig.txPackets();
  const sent = (name: string) => after[name] - before[name];
  return { body, sent };
}

const unavailable = netnsUnavailable();

describe("guest routing on a real Linux network stack (network namespaces)", function () {
  this.timeout(60000);
  before(function () {
    if (unavailable) this.skip();
  });
  if (unavailable) it(`skipped: ${unavailable}`, () => undefined);

  const layouts = [
    { title: "both interfaces in one subnet", eth0, eth1: eth1SameSubnet },
    { title: "the interfaces in two subnets of a default VPC", eth0: eth0DefaultVpc, eth1: eth1DefaultVpcOtherSubnet },
  ];
  const images = [
    { rpFilter: 1 as const, image: "strict rp_filter, as RHEL 9" },
    { rpFilter: 2 as const, image: "loose rp_filter, as Ubuntu" },
  ];

  for (const layout of layouts) {
    for (const { rpFilter, image } of images) {
      describe(`${layout.title}, ${image}`, () => {
        let rig: NetnsRig;
        before(async function () {
          if (unavailable) return this.skip();
          rig = new NetnsRig();
          rig.create(rpFilter);
          rig.plugInterface(layout.eth0, rig.instance);
          rig.plugInterface(layout.eth1, rig.instance);
          rig.configureAddresses(layout.eth0, 100);
          rig.configureAddresses(layout.eth1, 200);
          for (const eni of [layout.eth0, layout.eth1]) rig.publishToImds(eni, eni.name, rig.instance);
          await rig.startImds();
          await rig.startServer();
          await rig.settle();
        });
        after(() => rig?.destroy());

        it("without the routing hook, eth1's addresses answer nothing: the reply leaves by eth0 and the VPC drops it, or the instance drops the request", () => {
          for (const address of addressesOf(layout.eth0)) {
            assert.equal(probe(rig, address).body, "Testing ENI\n", `eth0's ${address} answers by itself`);
          }
          for (const address of addressesOf(layout.eth1)) {
            const { body, sent } = probe(rig, address);
            assert.equal(body, undefined, `${address} answered without the hook`);
            assert.equal(sent("eth1"), 0, `${address}: nothing should leave by eth1`);
            if (rpFilter === 2 || address.includes(":")) {
              // Loose filtering (IPv6 has none): the instance answers, out of eth0.
              assert.ok(sent("eth0") >= 1, `${address}: the reply should have left by eth0 (${sent("eth0")} packets)`);
            } else {
              // Strict filtering: the request from the client fails the reverse-path check on eth1.
              assert.equal(sent("eth0"), 0, `${address}: strict rp_filter should drop the request`);
            }
          }
        });

        it("with the hook run for each interface, every address answers and each reply leaves by its own interface", async () => {
          // A fresh server: none of the unanswered connections above may send anything now.
          await rig.stopServer();
          await rig.startServer();
          rig.runHook(routingHookScript, ["add", "eth0"]);
          rig.runHook(routingHookScript, ["add", "eth1"]);
          // The multicast reports the kernel sends after the hook's changes are over before anything is counted.
          await rig.settle();
          for (const eni of [layout.eth0, layout.eth1]) {
            const other = eni.name === "eth0" ? "eth1" : "eth0";
            for (const address of addressesOf(eni)) {
              const { body, sent } = probe(rig, address, 3);
              assert.equal(body, "Testing ENI\n", `${address} did not answer`);
              assert.ok(sent(eni.name) >= 3, `${address}: ${sent(eni.name)} packets left by ${eni.name}`);
              assert.equal(sent(other), 0, `${address}: ${sent(other)} packets left by ${other}`);
            }
          }
          // What the README tells users to look at: a rule per address, a table per interface.
          const rules = rig.rules();
          for (const eni of [layout.eth0, layout.eth1]) {
            const table = routingTableBase + rig.ifindex(eni.name);
            for (const address of addressesOf(eni)) {
              assert.ok(
                rules.some((rule) => rule.includes(`from ${address} lookup ${table}`)),
                `no rule for ${address}:\n${rules.join("\n")}`,
              );
            }
            const via = eni.router4.split("/")[0];
            assert.match(
              rig.table("-4", table),
              new RegExp(`default via ${via.replace(/\./g, "\\.")} dev ${eni.name}`),
            );
            assert.match(
              rig.table("-6", table),
              new RegExp(`default via ${eni.router6.split("/")[0]} dev ${eni.name}`),
            );
          }
        });

        it("running the hook again changes nothing (it is idempotent)", () => {
          const before = rig.rules();
          rig.runHook(routingHookScript, ["add", "eth1"]);
          assert.deepEqual(rig.rules(), before);
        });
      });
    }
  }

  describe("an interface attached after boot (a takeover attaches interfaces to a running standby)", () => {
    let rig: NetnsRig;
    before(async function () {
      if (unavailable) return this.skip();
      rig = new NetnsRig();
      rig.create(1);
      rig.plugInterface(eth0, rig.instance);
      rig.configureAddresses(eth0, 100);
      rig.publishToImds(eth0, "eth0", rig.instance);
      await rig.startImds();
      rig.runHook(routingHookScript, ["add", "eth0"]);
      await rig.startServer();
    });
    after(() => rig?.destroy());

    let table = 0;
    it("is answered on each of its addresses, the secondary ones from the instance metadata, out of itself, within 2 s of entering the instance", async () => {
      const parked = rig.plugInterface(eth1SameSubnet, undefined);
      rig.publishToImds(eth1SameSubnet, parked, undefined);
      const start = process.hrtime.bigint();
      rig.attach(parked, "eth1");
      // What the distribution does when it appears (DHCP: the primary addresses alone), then what its event runs: the hook.
      rig.configureAddresses(eth1SameSubnet, 200, true);
      rig.runHook(routingHookScript, ["add", "eth1"]);
      let answered = false;
      while (!answered && process.hrtime.bigint() - start < 5_000_000_000n) {
        answered = rig.request("10.0.1.20", 1) === "Testing ENI\n";
      }
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(`      attached eth1 answered ${ms.toFixed(0)} ms after entering the namespace`);
      assert.ok(answered, "the attached interface never answered");
      assert.ok(ms < 2000, `answered after ${ms.toFixed(0)} ms`);
      await rig.settle();
      for (const address of addressesOf(eth1SameSubnet)) {
        const { body, sent } = probe(rig, address, 3);
        assert.equal(body, "Testing ENI\n", `${address} did not answer`);
        assert.ok(sent("eth1") >= 3);
        assert.equal(sent("eth0"), 0, `${address}: ${sent("eth0")} packets left by eth0`);
      }
      table = routingTableBase + rig.ifindex("eth1");
    });

    it("once detached and removed, leaves no rule and no table behind, and eth0 still answers", () => {
      assert.ok(table > 0, "the attach test did not run");
      rig.detach("eth1");
      // The kernel drops the interface's routes, not the rules that pointed at its table.
      assert.ok(
        rig.rules().some((rule) => rule.includes(`lookup ${table}`)),
        "the rules went with the interface",
      );
      rig.runHook(routingHookScript, ["remove", "eth1"]);
      const left = rig.rules().filter((rule) => rule.includes(`lookup ${table}`));
      assert.deepEqual(left, []);
      assert.equal(rig.table("-4", table), "");
      assert.equal(rig.table("-6", table), "");
      for (const address of addressesOf(eth0)) assert.equal(probe(rig, address).body, "Testing ENI\n");
    });
  });
});
