// The NHS number's modulus 11 check digit, as the NHS Data Dictionary defines it.
import { describe, expect, it } from "vitest";

import { isNhsNumber, nhsCheckDigit } from "@/lib/nhs-number";

describe("NHS numbers", () => {
  it("accept a number whose last digit is the check digit of the others, and no other", () => {
    // 943 476 5919 is the Data Dictionary's own example; 999… are the test range the demo data uses.
    for (const valid of ["9434765919", "9990000018", "9999999999"]) expect(isNhsNumber(valid), valid).toBe(true);
    for (const invalid of ["9434765918", "9990000017", "123456789", "12345678901", "94347659 9", "943476591a"])
      expect(isNhsNumber(invalid), invalid).toBe(false);
  });

  it("have no check digit where the sum leaves 10: no NHS number starts so", () => {
    const firstNine = Array.from({ length: 200 }, (_, i) => String(100_000_000 + i)).find((digits) => nhsCheckDigit(digits) === null)!;
    expect(firstNine).toBeDefined();
    for (let last = 0; last <= 9; last++) expect(isNhsNumber(`${firstNine}${last}`)).toBe(false);
  });
});
