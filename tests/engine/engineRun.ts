// Loaded by the engine tier's mocha config (tests/engine/.mocharc.json): once the whole run has
// finished, in mocha's main process, the schema caches the engine wrote beside the plugins are
// removed, so the run leaves the working tree as it found it (a serial run's root hook in
// scripts/local/engineHarness.ts does the same; a parallel run's workers leave it to this).
import { removeSchemaCaches } from "../../scripts/local/schemaCaches";

export function mochaGlobalTeardown(): void {
  removeSchemaCaches();
}
