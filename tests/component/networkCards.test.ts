import * as assert from "node:assert/strict";
import { DualHomedServer, type SecondaryInterfaceArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

/** `[network card, device index]` of every attachment, in interface order. */
function slots(engine: MockedAwsEngine): [number, number][] {
  return engine
    .byType(types.attachment)
    .sort((a, b) => Number(a.name.match(/eth(\d+)/)![1]) - Number(b.name.match(/eth(\d+)/)![1]))
    .map((r) => [r.inputs.networkCardIndex ?? 0, r.inputs.deviceIndex]);
}

describe("DualHomedServer on instance types with several network cards", () => {
  let engine: MockedAwsEngine;
  beforeEach(async () => {
    engine = await useMockedAwsEngine(subnets);
  });
  const secondaries = (n: number, extra: Partial<SecondaryInterfaceArgs>[] = []): SecondaryInterfaceArgs[] =>
    Array.from({ length: n }, (_, i) => ({ elasticIps: false, ...extra[i] }));

  it("fills card 0 and then card 1 with 16 interfaces on a c6in.32xlarge (8 per card), numbering each card", async () => {
    const server = new DualHomedServer("big", {
      subnetId: "subnet-a1",
      instanceType: "c6in.32xlarge",
      secondaryInterfaces: secondaries(15),
    });
    const interfaces = await valueOf(server.interfaces);
    await engine.settle();
    const expected: [number, number][] = [
      ...Array.from({ length: 7 }, (_, i): [number, number] => [0, i + 1]),
      ...Array.from({ length: 8 }, (_, i): [number, number] => [1, i + 1]),
    ];
    assert.deepEqual(slots(engine), expected);
    assert.deepEqual(
      interfaces.map((eni) => [eni.networkCardIndex, eni.deviceIndex]),
      [[0, 0], ...expected],
    );
  });

  it("puts an interface on the card it names and the others where there is room", async () => {
    new DualHomedServer("named", {
      subnetId: "subnet-a1",
      instanceType: "c6in.32xlarge",
      secondaryInterfaces: secondaries(3, [{}, { networkCardIndex: 1 }, {}]),
    });
    await engine.settle();
    assert.deepEqual(slots(engine), [
      [0, 1],
      [1, 1],
      [0, 2],
    ]);
  });

  it("keeps one-card types as they were: device index 1, 2, … and no card index", async () => {
    new DualHomedServer("small", {
      subnetId: "subnet-a1",
      instanceType: "t3.large",
      secondaryInterfaces: secondaries(2),
    });
    await engine.settle();
    assert.deepEqual(
      engine.byType(types.attachment).map((r) => [r.inputs.networkCardIndex, r.inputs.deviceIndex]),
      [
        [undefined, 1],
        [undefined, 2],
      ],
    );
  });

  for (const [what, instanceType, interfaces, expected] of [
    [
      "a card the type does not have",
      "c6in.32xlarge",
      secondaries(1, [{ networkCardIndex: 2 }]),
      /eni-count-within-instance-type-limit: eth1 \(secondaryInterfaces\[0\]\) use\(s\) network card 2 but c6in\.32xlarge has network cards 0, 1 only/,
    ],
    [
      "more interfaces on a named card than it holds",
      "c6in.32xlarge",
      secondaries(9, Array(9).fill({ networkCardIndex: 1 })),
      /instance "bad" has 9 interfaces on network card 1 but c6in\.32xlarge allows 8 on that card/,
    ],
    [
      "17 interfaces where the type allows 16",
      "c6in.32xlarge",
      secondaries(16),
      /instance "bad" has 17 network interfaces but c6in\.32xlarge allows at most 16/,
    ],
  ] as const) {
    it(`refuses ${what} at preview, creating nothing`, async () => {
      const server = new DualHomedServer("bad", {
        subnetId: "subnet-a1",
        instanceType,
        secondaryInterfaces: [...interfaces],
      });
      const failure = await failureOf(server.availabilityZone);
      await engine.settle();
      assert.match(failure.message, expected);
      assert.deepEqual(
        engine.resources.filter((r) => r.custom),
        [],
      );
    });
  }

  it("refuses a card index that is not a whole number at construction", () => {
    assert.throws(
      () => new DualHomedServer("bad", { subnetId: "subnet-a1", secondaryInterfaces: [{ networkCardIndex: -1 }] }),
      /valid-count: secondaryInterfaces\[0\]\.networkCardIndex is -1; give a whole number, 0 or more/,
    );
  });
});
