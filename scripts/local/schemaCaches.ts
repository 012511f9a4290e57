// The schema files the Pulumi CLI caches beside the plugins it loads from the repository.
import { readdirSync, rmSync } from "node:fs";
import * as path from "node:path";

const repoRoot = path.join(__dirname, "..", "..");

/**
 * The Pulumi CLI caches a plugin's schema beside the plugin's directory: the component's
 * (`components/`) as `schema-dual-homed-server.json` in the repository root, the stand-in AWS
 * provider's (`tests/engine/bin/provider/`) as `tests/engine/bin/schema-aws.json`. The engine tests
 * remove them, so a run leaves the working tree as it found it.
 */
export function removeSchemaCaches(): void {
  for (const dir of [repoRoot, path.join(repoRoot, "tests", "engine", "bin")]) {
    for (const name of readdirSync(dir).filter((n) => /^schema-.*\.json$/.test(n))) rmSync(path.join(dir, name));
  }
}
