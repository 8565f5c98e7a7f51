// A replacing key's form starts from the live key: its scopes and its last day.
import { describe, expect, it } from "vitest";

import { replacementKeyOptions } from "@/components/keys/key-options-fields";
import { expiresAtFrom } from "@/lib/key-expiry";

const now = new Date("2027-06-01T12:00:00Z");

describe("replacementKeyOptions", () => {
  it("keeps a key set to end on a date to that same day, in summer time and in winter", () => {
    for (const day of ["2027-07-15", "2027-12-05"]) {
      const made = expiresAtFrom("date", day, now);
      if (!made.ok) throw new Error(made.error);
      const options = replacementKeyOptions({ name: "", scopes: ["messaging"], expiresAt: made.expiresAt }, ["messaging", "booking_links"], now);
      expect(options).toEqual({ name: "", expiry: "date", expiryDate: day, scopes: ["messaging"] });
      // Saved as it is, the new key ends when the old one does.
      expect(expiresAtFrom(options.expiry, options.expiryDate, now)).toEqual(made);
    }
  });

  it("keeps a 30-day key's last day, never No expiry", () => {
    const made = expiresAtFrom("30", "", new Date("2027-05-20T09:00:00Z"));
    if (!made.ok) throw new Error(made.error);
    expect(replacementKeyOptions({ name: "", scopes: ["messaging"], expiresAt: made.expiresAt }, ["messaging"], now)).toEqual({
      name: "",
      expiry: "date",
      expiryDate: "2027-06-19",
      scopes: ["messaging"],
    });
  });

  it("keeps the live key's name", () => {
    expect(replacementKeyOptions({ name: "production", scopes: ["messaging"], expiresAt: null }, ["messaging"], now).name).toBe("production");
  });

  it("ticks no scope when the partner no longer offers any the live key has: never more than the practice granted", () => {
    expect(replacementKeyOptions({ name: "", scopes: [], expiresAt: null }, ["messaging", "booking_links"], now).scopes).toEqual([]);
  });

  it("leaves the date to choose when the key has expired or ends today", () => {
    for (const expiresAt of [new Date("2027-05-31T10:00:00Z"), new Date("2027-06-01T20:00:00Z")]) {
      expect(replacementKeyOptions({ name: "", scopes: ["messaging"], expiresAt }, ["messaging"], now)).toMatchObject({ expiry: "date", expiryDate: "" });
    }
  });

  it("keeps No expiry, and starts from the partner's scopes when there is no live key", () => {
    expect(replacementKeyOptions({ name: "", scopes: ["messaging"], expiresAt: null }, ["messaging", "booking_links"], now)).toMatchObject({ expiry: "never" });
    expect(replacementKeyOptions(null, ["messaging", "booking_links"], now)).toEqual({
      name: "",
      expiry: "never",
      expiryDate: "",
      scopes: ["messaging", "booking_links"],
    });
  });
});
