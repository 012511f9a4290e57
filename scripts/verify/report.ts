import type { Row } from "./compare";

const columns: [keyof Row, string][] = [
  ["instance", "INSTANCE"],
  ["device", "DEVICE"],
  ["interface", "INTERFACE"],
  ["subnet", "SUBNET"],
  ["az", "AZ"],
  ["securityGroup", "SECURITY GROUP"],
  ["privateIp", "PRIVATE IP"],
  ["publicIp", "PUBLIC IP"],
  ["expected", "EXPECTED"],
  ["observed", "OBSERVED"],
];

/** The report as an aligned text table, a status per row and the reasons under failing rows. */
export function formatTable(rows: Row[]): string {
  const cell = (value: Row[keyof Row]) => (value === "" || value === undefined ? "-" : String(value));
  const cells = rows.map((row) => [...columns.map(([key]) => cell(row[key])), row.ok ? "OK" : "FAIL"]);
  const header = [...columns.map(([, title]) => title), "STATUS"];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((line) => line[c].length)));
  const line = (values: string[]) =>
    values
      .map((v, c) => v.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  const out = [line(header)];
  rows.forEach((row, r) => {
    out.push(line(cells[r]));
    for (const reason of row.reasons) out.push(`    ↳ ${reason}`);
  });
  const failed = rows.filter((r) => !r.ok).length;
  out.push("", failed ? `${failed} of ${rows.length} rows FAIL` : `all ${rows.length} rows OK`);
  return out.join("\n");
}

export function formatJson(rows: Row[]): string {
  return JSON.stringify({ ok: rows.every((r) => r.ok), rows }, null, 2);
}
