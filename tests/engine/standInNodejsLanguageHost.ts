// TEST DOUBLE: a stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`), which the
// Go module proxy does not serve here. The engine starts it from PATH like the real one; it serves
// the `LanguageRuntime` gRPC service with the stubs @pulumi/pulumi ships, and runs everything with
// the SDK's own entry points, as the real host does:
//   - programs: `node <nodeargs> @pulumi/pulumi/cmd/run …` (nodeargs and `typescript` honoured);
//   - policy packs: `@pulumi/pulumi/cmd/run-policy-pack`, which registers ts-node with type checking.
//     The real host passes the pack's `nodeargs` as arguments to that script, where they have no
//     effect; this one does the same, so a pack that only starts with a loader flag fails here too;
//   - component plugins (`PulumiPlugin.yaml`): `@pulumi/pulumi/cmd/run-plugin`, which boots the SDK's
//     component provider host.
// Where a real host is installed, the engine tests use it instead (see engineHarness.ts).
import * as grpc from "@grpc/grpc-js";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as languageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as languageProto from "@pulumi/pulumi/proto/language_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";

/** The version this double reports; it speaks the protocol of the SDK it is installed with. */
const hostVersion = "3.270.0-standin";

type Options = Record<string, unknown>;

function optionsOf(info: languageProto.ProgramInfo | undefined): Options {
  return (info?.getOptions()?.toJavaScript() as Options | undefined) ?? {};
}

/** `nodeargs` as the real host reads it: one string, split on whitespace. */
function nodeArgs(options: Options): string[] {
  const value = options.nodeargs;
  return typeof value === "string" ? value.split(/\s+/).filter(Boolean) : [];
}

/** Finds one of the SDK's entry points the way Node resolves it from the program's directory. */
function sdkEntryPoint(programDirectory: string, entry: string): string {
  try {
    return require.resolve(`@pulumi/pulumi/${entry}`, { paths: [programDirectory] });
  } catch {
    throw new Error(
      `It looks like the Pulumi SDK has not been installed for ${programDirectory}: ` +
        `@pulumi/pulumi/${entry} was not found. Have you run npm install?`,
    );
  }
}

/** Pulumi packages the program depends on: node_modules packages whose package.json says `pulumi.resource`. */
function requiredPackages(programDirectory: string): pluginProto.PackageDependency[] {
  const found = new Map<string, pluginProto.PackageDependency>();
  const visit = (modulesDir: string, depth: number) => {
    if (depth > 6 || !existsSync(modulesDir)) return;
    for (const entry of readdirSync(modulesDir)) {
      if (entry.startsWith(".")) continue;
      const dirs = entry.startsWith("@")
        ? readdirSync(path.join(modulesDir, entry)).map((scoped) => path.join(modulesDir, entry, scoped))
        : [path.join(modulesDir, entry)];
      for (const dir of dirs) {
        const manifestPath = path.join(dir, "package.json");
        if (!existsSync(manifestPath)) continue;
        const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
          name?: string;
          version?: string;
          pulumi?: { resource?: boolean; name?: string; version?: string; server?: string };
        };
        if (manifest.pulumi?.resource) {
          const name = manifest.pulumi.name ?? (manifest.name ?? "").replace(/^@pulumi\//, "").replace(/^@/, "");
          const version = manifest.pulumi.version ?? manifest.version ?? "";
          const dependency = new pluginProto.PackageDependency();
          dependency.setKind("resource");
          dependency.setName(name);
          dependency.setVersion(version.startsWith("v") ? version : `v${version}`);
          if (manifest.pulumi.server) dependency.setServer(manifest.pulumi.server);
          found.set(`${name}@${version}`, dependency);
        }
        visit(path.join(realpathSync(dir), "node_modules"), depth + 1);
      }
    }
  };
  // Node resolves packages from the program's directory upwards; so does this search.
  for (let dir = programDirectory; ; dir = path.dirname(dir)) {
    visit(path.join(dir, "node_modules"), 0);
    if (path.dirname(dir) === dir) break;
  }
  return [...found.values()];
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (err: unknown) =>
          callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
      );
  };
}

const unimplemented: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: "not implemented by the stand-in Node.js language host" });

/** Runs a Pulumi program with the SDK's `cmd/run`; resolves with the RunResponse. */
function runProgram(request: languageProto.RunRequest): Promise<languageProto.RunResponse> {
  const info = request.getInfo();
  const programDirectory = info?.getProgramDirectory() || request.getPwd();
  const options = optionsOf(info);
  const args = [
    ...nodeArgs(options),
    sdkEntryPoint(programDirectory, "cmd/run"),
    `--monitor=${request.getMonitorAddress()}`,
    `--engine=${engineAddress}`,
    `--organization=${request.getOrganization()}`,
    `--project=${request.getProject()}`,
    `--stack=${request.getStack()}`,
    `--pwd=${request.getPwd()}`,
    `--root-directory=${info?.getRootDirectory() ?? programDirectory}`,
    ...(request.getDryrun() ? ["--dry-run"] : []),
    ...(request.getParallel() > 0 ? [`--parallel=${request.getParallel()}`] : []),
    info?.getEntryPoint() || request.getProgram() || ".",
    ...request.getArgsList(),
  ];
  const config: Record<string, string> = {};
  request.getConfigMap().forEach((value, key) => (config[key] = value));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
    // `typescript` defaults to true: the SDK then registers ts-node for .ts files.
    PULUMI_NODEJS_TYPESCRIPT: String(options.typescript !== false),
  };
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: request.getPwd() || programDirectory, env, stdio: "inherit" });
    const response = new languageProto.RunResponse();
    child.on("error", (err) => {
      response.setError(`could not run the program: ${err.message}`);
      resolve(response);
    });
    child.on("exit", (code, signal) => {
      // 32: the SDK has already shown the user what went wrong.
      if (code === 32) response.setBail(true);
      else if (code !== 0) response.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
      resolve(response);
    });
  });
}

/** Forwards a child process's stdout and stderr to a response stream, chunk by chunk. */
function streamOutput<M extends { setStdout(b: Uint8Array): void; setStderr(b: Uint8Array): void }>(
  child: ChildProcessWithoutNullStreams,
  call: { write(message: M): unknown },
  message: () => M,
): void {
  child.stdout.on("data", (chunk: Buffer) => {
    const m = message();
    m.setStdout(chunk);
    call.write(m);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    const m = message();
    m.setStderr(chunk);
    call.write(m);
  });
}

/** Starts a policy pack or a component plugin, streaming its output and exit code to the engine. */
function runPlugin(call: grpc.ServerWritableStream<languageProto.RunPluginRequest, languageProto.RunPluginResponse>) {
  const request = call.request;
  const info = request.getInfo();
  const directory = info?.getProgramDirectory() || request.getProgram();
  const options = optionsOf(info);
  let args: string[];
  try {
    args =
      request.getKind() === "analyzer"
        ? // As the real host: engine address, pack directory, then nodeargs as (ignored) script arguments.
          [sdkEntryPoint(directory, "cmd/run-policy-pack"), ...request.getArgsList(), directory, ...nodeArgs(options)]
        : [...nodeArgs(options), sdkEntryPoint(directory, "cmd/run-plugin"), directory, ...request.getArgsList()];
  } catch (err) {
    const message = new languageProto.RunPluginResponse();
    message.setStderr(Buffer.from(`${(err as Error).message}\n`));
    call.write(message);
    const exit = new languageProto.RunPluginResponse();
    exit.setExitcode(1);
    call.write(exit);
    call.end();
    return;
  }
  const env = Object.fromEntries(
    request.getEnvList().map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  // Plugins run in their own directory (the policy SDK reads the pack's package.json from there).
  const child = spawn(process.execPath, args, { cwd: directory, env });
  streamOutput(child, call, () => new languageProto.RunPluginResponse());
  call.on("cancelled", () => child.kill());
  child.on("close", (code) => {
    const message = new languageProto.RunPluginResponse();
    message.setExitcode(code ?? 1);
    call.write(message);
    call.end();
  });
}

/** `npm install` in the directory, as the real host does before running a plugin or a program. */
function installDependencies(
  call: grpc.ServerWritableStream<languageProto.InstallDependenciesRequest, languageProto.InstallDependenciesResponse>,
) {
  const directory = call.request.getInfo()?.getProgramDirectory() || call.request.getDirectory();
  const child = spawn("npm", ["install", "--no-audit", "--no-fund"], { cwd: directory, env: process.env });
  streamOutput(child, call, () => new languageProto.InstallDependenciesResponse());
  child.on("close", (code) => {
    if (code === 0) call.end();
    else
      call.destroy(
        Object.assign(new Error(`npm install failed in ${directory} (exit code ${code})`), {
          code: grpc.status.UNKNOWN,
        }),
      );
  });
}

let engineAddress = "";

/** Required packages of the program in `directory`, as the engine's older plugin list. */
function requiredPlugins(directory: string): pluginProto.PluginDependency[] {
  return requiredPackages(directory).map((p) => {
    const plugin = new pluginProto.PluginDependency();
    plugin.setKind(p.getKind());
    plugin.setName(p.getName());
    plugin.setVersion(p.getVersion());
    plugin.setServer(p.getServer());
    return plugin;
  });
}

/** The `LanguageRuntime` service: what the stand-in answers and what it leaves unimplemented. */
function languageRuntime(): grpc.UntypedServiceImplementation {
  return {
    handshake: unary((request: languageProto.LanguageHandshakeRequest) => {
      engineAddress = request.getEngineAddress() || engineAddress;
      return new languageProto.LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(() => {
      const info = new pluginProto.PluginInfo();
      info.setVersion(hostVersion);
      return info;
    }),
    getRequiredPlugins: unary((request: languageProto.GetRequiredPluginsRequest) => {
      const response = new languageProto.GetRequiredPluginsResponse();
      const directory = request.getInfo()?.getProgramDirectory() || request.getProgram() || request.getPwd();
      response.setPluginsList(requiredPlugins(directory));
      return response;
    }),
    getRequiredPackages: unary((request: languageProto.GetRequiredPackagesRequest) => {
      const response = new languageProto.GetRequiredPackagesResponse();
      response.setPackagesList(requiredPackages(request.getInfo()?.getProgramDirectory() ?? process.cwd()));
      return response;
    }),
    run: unary(runProgram),
    installDependencies,
    runPlugin,
    about: unary(() => {
      const response = new languageProto.AboutResponse();
      response.setExecutable(process.execPath);
      response.setVersion(process.version);
      return response;
    }),
    getProgramDependencies: unary(() => new languageProto.GetProgramDependenciesResponse()),
    runtimeOptionsPrompts: unary(() => new languageProto.RuntimeOptionsResponse()),
    template: unimplemented,
    generateProgram: unimplemented,
    generateProject: unimplemented,
    generatePackage: unimplemented,
    pack: unimplemented,
    link: unimplemented,
    cancel: unary(() => new emptyProto.Empty()),
  };
}

function main(argv: string[]): void {
  // The engine passes flags (-root, -tracing, …) and then its own address.
  engineAddress = argv.filter((arg) => !arg.startsWith("-")).at(-1) ?? "";
  const server = new grpc.Server();
  server.addService(languageGrpc.LanguageRuntimeService, languageRuntime());
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      console.error(`stand-in Node.js language host: ${err.message}`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
}

main(process.argv.slice(2));
