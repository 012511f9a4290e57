// Loaded by the engine tier's mocha config (tests/engine/.mocharc.json), in mocha's main process
// and in each worker. Node's compile cache is on for them and for every process they start (the
// scripts under test, the engine's plugins). Once the whole run has finished, in the main process,
// the schema caches the engine wrote beside the plugins are removed, so the run leaves the working
// tree as it found it (a serial run's root hook in scripts/local/engineHarness.ts does the same; a
// parallel run's workers leave it to this).
import * as nodeModule from "node:module";
import { nodeCompileCacheDir } from "../../scripts/local/nodeCompileCache";
import { removeSchemaCaches } from "../../scripts/local/schemaCaches";

process.env.NODE_COMPILE_CACHE = nodeCompileCacheDir;
// Node 22.1 and later (the package's engines); the project's Node.js types predate it.
(nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(nodeCompileCacheDir);

export function mochaGlobalTeardown(): void {
  removeSchemaCaches();
}
