// The failover monitor as the standby's user data carries it: monitor.py without its docstrings
// and comments (Python's own parser and `ast.unparse`, 3.9 and later), gzip, then Base85 (Python's
// `base64.b85encode`, which the standby's python3 decodes), so that it leaves room in EC2's 16 KB
// of user data for the instance's own scripts. What runs is the same program.
import { execFileSync } from "node:child_process";

const python = process.env.FAILOVER_MONITOR_PYTHON ?? "python3";

/** Reads stdin; `embed` prints it compacted and packed, `carried` unpacks it, `dump` prints its syntax tree without docstrings. */
const program = `
import ast, base64, gzip, sys
mode, text = sys.argv[1], sys.stdin.read()
if mode == "carried":
    sys.stdout.write(gzip.decompress(base64.b85decode(text.strip())).decode())
    sys.exit(0)
tree = ast.parse(text)
for node in ast.walk(tree):
    body = getattr(node, "body", None)
    if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and body and isinstance(body[0], ast.Expr) \\
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        node.body = body[1:] or [ast.Pass()]
if mode == "dump":
    print(ast.dump(tree))
else:
    packed = gzip.compress((ast.unparse(tree) + "\\n").encode(), compresslevel=9, mtime=0)
    print(base64.b85encode(packed).decode())
`;

function run(mode: "embed" | "carried" | "dump", input: string): string {
  return execFileSync(python, ["-c", program, mode], { input, encoding: "utf8" });
}

/** What `monitor.py.gz.b85` holds for this source. */
export function embedMonitor(source: string): string {
  return run("embed", source);
}

/** The monitor's text as the standby unpacks it from `monitor.py.gz.b85`'s content. */
export function carriedMonitor(embedded: string): string {
  return run("carried", embedded);
}

/** Whether two sources are the same program once docstrings and comments are set aside. */
export function sameProgram(a: string, b: string): boolean {
  return run("dump", a) === run("dump", b);
}
