// The CSV files the dashboard exports (the audit log, a key report), for spreadsheets.

// Excel on Windows reads a file without a byte order mark as cp1252: "…" in every key becomes "â€¦".
const BOM = "\uFEFF";

/**
 * One CSV cell: quoted, and a leading = + - @ (or their full-width forms, which Excel reads alike
 * in some locales), tab or CR neutralised so a spreadsheet never runs it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A whole file, CRLF line ends; a file cut short ends with a line saying so (`cut`), so it is never taken for the whole. */
export function csvFile(header: string[], rows: string[][], cut?: string): string {
  const lines = [header, ...rows, ...(cut ? [[cut]] : [])].map((cells) => cells.map(csvCell).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** A file to download: never kept by a cache (these hold patients' and people's data). `filename` is plain ASCII, made by the caller. */
export function csvDownload(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
