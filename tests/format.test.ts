// Dates as the dashboard shows them, in UK time whatever the server's zone.
import { describe, expect, it } from "vitest";

import { formatDateTime, formatExpiry, formatLongUntil } from "@/lib/format";
import { atUkTime, expiresAtFrom } from "@/lib/key-expiry";

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

  it("shows any other expiry as a time with its zone, and none as Never", () => {
    expect(formatExpiry(new Date("2027-06-05T13:30:00Z"))).toBe("5 Jun 2027, 14:30 BST");
    expect(formatExpiry(null)).toBe("Never");
  });
});

describe("formatLongUntil", () => {
  it("says a UK midnight as the end of the day before, in winter and summer, and any other time as it is", () => {
    expect(formatLongUntil(new Date("2026-12-08T00:00:00Z"))).toBe("the end of Monday 7 December");
    expect(formatLongUntil(new Date("2026-06-08T23:00:00Z"))).toBe("the end of Monday 8 June");
    expect(formatLongUntil(new Date("2026-12-08T09:30:00Z"))).toBe("Tuesday 8 December at 09:30");
  });
});

describe("formatDateTime", () => {
  it("names the zone, GMT in winter and BST in summer: a time compared with a partner's logs or a CSV in UTC must not be an hour out", () => {
    expect(formatDateTime(new Date("2027-01-05T14:03:00Z"))).toBe("5 Jan 2027, 14:03 GMT");
    expect(formatDateTime(new Date("2027-07-05T14:03:00Z"))).toBe("5 Jul 2027, 15:03 BST");
    expect(formatDateTime(null)).toBe("Never");
  });
});

describe("atUkTime", () => {
  it("is the instant a UK clock shows the time on that date, in summer (BST) and winter (GMT) and on the days the clocks change", () => {
    expect(atUkTime("2026-07-01", 9 * 60)?.toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(atUkTime("2026-12-01", 9 * 60)?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(atUkTime("2026-03-29", 9 * 60)?.toISOString()).toBe("2026-03-29T08:00:00.000Z");
    expect(atUkTime("2026-10-25", 9 * 60 + 30)?.toISOString()).toBe("2026-10-25T09:30:00.000Z");
    expect(atUkTime("2026-02-30", 9 * 60)).toBeNull();
  });
});
