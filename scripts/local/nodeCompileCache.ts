// Node's module compile cache (keyed by Node version and file contents) for the engine tier's
// processes: the test workers, the scripts they start, and every process of an engine run
// (language host, program, provider, policy pack). Outside the repository, kept between runs.
import { homedir } from "node:os";
import * as path from "node:path";

export const nodeCompileCacheDir =
  process.env.NODE_COMPILE_CACHE ?? path.join(homedir(), ".cache", "dual-homed-server", "node-compile-cache");
