import { describe, expect, it } from "vitest";

import { csvCell, csvFile } from "@/lib/csv";

describe("csvCell", () => {
  it("quotes cells", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\r\nlines, one cell")).toBe('"two\r\nlines, one cell"');
  });

  it("neutralises what a spreadsheet would run as a formula", () => {
    // Full-width = + - @ are formulas to Excel in some locales (a Japanese keyboard types them).
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝HYPERLINK(1)", "＋1", "－1", "＠SUM(A1)"])
      expect(csvCell(formula)).toBe(`"'${formula}"`);
    expect(csvCell("1=1")).toBe('"1=1"');
  });
});

describe("csvFile", () => {
  it("starts with a byte order mark, so Excel reads it as UTF-8, and ends lines with CRLF", () => {
    expect(csvFile(["Key"], [["hero_live_…abcd"]])).toBe('\uFEFF"Key"\r\n"hero_live_…abcd"\r\n');
  });

  it("ends a file cut short with a line saying so", () => {
    expect(csvFile(["Key"], [["a"]], "Only 1 of 2")).toBe('\uFEFF"Key"\r\n"a"\r\n"Only 1 of 2"\r\n');
  });
});
