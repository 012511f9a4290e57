import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's options with node's parseArgs. `--help` prints the usage and exits 0; an
 * unknown option or a missing value prints the problem and the usage to stderr and exits 2, so
 * every command of this repository answers the same way.
 */
export function parseCommandLine<O extends Options>(usage: string, options: O, argv = process.argv.slice(2)) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", default: false } } });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed.values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
