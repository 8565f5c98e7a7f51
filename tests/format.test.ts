// Dates as the dashboard shows them, in UK time whatever the server's zone.
import { describe, expect, it } from "vitest";

import { formatExpiry } from "@/lib/format";
import { expiresAtFrom } from "@/lib/key-expiry";

describe("formatExpiry", () => {
  it("names the day a key set to expire on a date was given, in winter and in summer time, not the midnight after it", () => {
    for (const [day, shown] of [
      ["2027-12-05", "End of 5 Dec 2027"],
      ["2027-06-05", "End of 5 Jun 2027"],
    ]) {
      const result = expiresAtFrom("date", day, new Date("2027-01-01T12:00:00Z"));
      expect(result.ok && formatExpiry(result.expiresAt)).toBe(shown);
    }
  });

  it("shows any other expiry as a time, and none as Never", () => {
    expect(formatExpiry(new Date("2027-06-05T13:30:00Z"))).toBe("5 Jun 2027, 14:30");
    expect(formatExpiry(null)).toBe("Never");
  });
});
