// The engine tier's mocha config lists its test files by name, longest first, so that its two
// workers finish together (a glob would start them alphabetically and leave the longest for last).
// A file it does not name would never run: the list must hold every engine test file, once.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const engineDir = path.join(__dirname, "..", "engine");

describe("the engine tier's mocha config", () => {
  it("names every test file of tests/engine exactly once", () => {
    const config = JSON.parse(readFileSync(path.join(engineDir, ".mocharc.json"), "utf8")) as { spec: string[] };
    const onDisk = readdirSync(engineDir)
      .filter((name) => name.endsWith(".test.ts"))
      .map((name) => `tests/engine/${name}`);
    assert.deepEqual([...config.spec].sort(), onDisk.sort());
  });
});
