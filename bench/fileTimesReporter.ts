// A mocha reporter: the spec reporter's output, then per test file its wall time (hooks included;
// in a serial run only: a parallel run's workers report a file's events once it has finished), the
// sum of its tests' own durations and its test count, longest first, and the whole run's wall time.
// `npm run bench:engine-tier` runs the engine tier with it.
import Mocha from "mocha";
import path from "node:path";

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

interface FileTime {
  /** Wall time of the file's top-level suites; undefined where the events carry no file (parallel). */
  wallMs?: number;
  since: number;
  testsMs: number;
  tests: number;
}

class FileTimesReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const files = new Map<string, FileTime>();
    const timeOf = (file: string) => {
      const time = files.get(file) ?? { since: 0, testsMs: 0, tests: 0 };
      files.set(file, time);
      return time;
    };
    // Serial runs give each top-level suite its file.
    const fileOf = (suite: Mocha.Suite) => (suite.file && suite.parent?.root ? suite.file : undefined);
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      const file = fileOf(suite);
      if (file) timeOf(file).since = Date.now();
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const file = fileOf(suite);
      if (!file) return;
      const time = timeOf(file);
      time.wallMs = (time.wallMs ?? 0) + Date.now() - time.since;
    });
    const count = (test: Mocha.Test) => {
      if (!test.file) return;
      const time = timeOf(test.file);
      time.tests++;
      time.testsMs += test.duration ?? 0;
    };
    for (const event of [EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING]) runner.on(event, count);
    runner.once(EVENT_RUN_END, () => printTable(files, Date.now() - started));
  }
}

function printTable(files: Map<string, FileTime>, wholeRunMs: number): void {
  const rows = [...files].sort((a, b) => (b[1].wallMs ?? b[1].testsMs) - (a[1].wallMs ?? a[1].testsMs));
  const seconds = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(1)).padStart(7);
  const line = (wall: number | undefined, testsMs: number | undefined, tests: number, what: string) =>
    console.log(`  ${seconds(wall)}  ${seconds(testsMs)}  ${String(tests).padStart(5)}  ${what}`);
  console.log(`\n  ${"wall s".padStart(7)}  ${"tests s".padStart(7)}  tests  file`);
  for (const [file, f] of rows) line(f.wallMs, f.testsMs, f.tests, path.relative(process.cwd(), file));
  const total = (key: "testsMs" | "tests") => rows.reduce((sum, [, f]) => sum + f[key], 0);
  line(wholeRunMs, total("testsMs"), total("tests"), "(whole run)");
}

export = FileTimesReporter;
