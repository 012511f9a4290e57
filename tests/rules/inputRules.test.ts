import * as assert from "node:assert/strict";
import { allowsHttp, cidrBlockProblem, listEntryProblems, portRangeProblems } from "dual-homed-server/rules";

describe("cidrBlockProblem", () => {
  for (const ok of ["0.0.0.0/0", "10.0.0.0/8", "203.0.113.7/32", "::/0", "2001:db8::/32", "2001:db8::1/128"]) {
    it(`accepts ${ok}`, () => assert.equal(cidrBlockProblem("x", ok), undefined));
  }
  for (const bad of ["10.0.0.0", "10/8", "10.0.0.0/33", "256.0.0.0/8", "", "2001:db8::/129", "a.b.c.d/8"]) {
    it(`rejects ${JSON.stringify(bad)} as not a CIDR block`, () =>
      assert.match(cidrBlockProblem("x", bad) ?? "", /not a CIDR block/));
  }
  it("rejects host bits with the canonical form to use instead", () => {
    assert.match(cidrBlockProblem("x", "192.168.1.7/24") ?? "", /host bits set; AWS stores it as "192\.168\.1\.0\/24"/);
    assert.match(cidrBlockProblem("x", "2001:db8::1/32") ?? "", /AWS stores it as "2001:db8::\/32"/);
  });
});

describe("portRangeProblems", () => {
  it("accepts a TCP range and a single port", () => {
    assert.deepEqual(portRangeProblems("r", "tcp", 8000, 8100), []);
    assert.deepEqual(portRangeProblems("r", "udp", 53), []);
  });
  it("accepts ICMP type and code -1 (all) and rejects 256", () => {
    assert.deepEqual(portRangeProblems("r", "icmp", -1, -1), []);
    assert.match(portRangeProblems("r", "icmp", 256, 0)[0], /fromPort 256; icmp takes whole numbers from -1 to 255/);
  });
  it("rejects fractional, negative and reversed TCP ports", () => {
    assert.match(portRangeProblems("r", "tcp", 80.5)[0], /fromPort 80\.5/);
    assert.match(portRangeProblems("r", "tcp", -1)[0], /fromPort -1; tcp takes whole numbers from 0 to 65535/);
    assert.match(portRangeProblems("r", "tcp", 443, 80)[0], /fromPort 443 above toPort 80/);
  });
  it("requires a port for TCP and none for all protocols", () => {
    assert.match(portRangeProblems("r", "tcp")[0], /no fromPort/);
    assert.deepEqual(portRangeProblems("r", "-1"), []);
  });
});

describe("allowsHttp", () => {
  it("is true for TCP ranges covering 80 and for all protocols, false otherwise", () => {
    assert.equal(allowsHttp("tcp", 80), true);
    assert.equal(allowsHttp("tcp", 1, 1024), true);
    assert.equal(allowsHttp("-1"), true);
    assert.equal(allowsHttp("tcp", 443), false);
    assert.equal(allowsHttp("udp", 80), false);
  });
});

describe("listEntryProblems", () => {
  it("names empty and repeated entries by index", () => {
    assert.deepEqual(listEntryProblems("list", ["a", "b"]), []);
    const problems = listEntryProblems("list", ["a", "", "a"]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /list\[1\] is empty/);
    assert.match(problems[1], /list\[2\] repeats "a"/);
  });
});
