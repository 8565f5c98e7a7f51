// The calendar file of a booking confirmation: RFC 5545's line endings, escaping, folding and
// UTC times, checked on the text itself.
import { describe, expect, it } from "vitest";

import { buildIcs, escapeText, foldLine, formatUtc } from "@/lib/ics";

const octets = (line: string) => Buffer.byteLength(line, "utf8");
const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("buildIcs", () => {
  const event = {
    uid: "5f0c6f1e-2b7a-4c1e-9d7e-0a1b2c3d4e5f",
    stamp: new Date("2026-12-03T10:15:30.123Z"),
    // 09:00 in London in summer is 08:00 UTC: the file says UTC, whatever the server's zone.
    start: new Date("2026-07-01T08:00:00Z"),
    end: new Date("2026-07-01T08:15:00Z"),
    summary: "GP consultation at Riverside Medical Practice",
    location: "Riverside Medical Practice, 12 River Street, Riverside",
    description: "GP consultation with Dr Patel.\nTo change or cancel it, call 01632 960111.",
  };

  it("is one VCALENDAR with one VEVENT, every line ending in CRLF", () => {
    const ics = buildIcs(event);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = unfold(ics).split("\r\n").slice(0, -1);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toEqual(
      expect.arrayContaining([
        "VERSION:2.0",
        "PRODID:-//Hero//Booking links//EN",
        "BEGIN:VEVENT",
        "UID:5f0c6f1e-2b7a-4c1e-9d7e-0a1b2c3d4e5f",
        "DTSTAMP:20261203T101530Z",
        "DTSTART:20260701T080000Z",
        "DTEND:20260701T081500Z",
        "SUMMARY:GP consultation at Riverside Medical Practice",
        "LOCATION:Riverside Medical Practice\\, 12 River Street\\, Riverside",
        "DESCRIPTION:GP consultation with Dr Patel.\\nTo change or cancel it\\, call 01632 960111.",
        "END:VEVENT",
      ]),
    );
    expect(lines.indexOf("BEGIN:VEVENT")).toBeLessThan(lines.indexOf("END:VEVENT"));
  });

  it("leaves out LOCATION and DESCRIPTION when there are none", () => {
    const ics = buildIcs({ ...event, location: undefined, description: undefined });
    expect(ics).not.toMatch(/^(LOCATION|DESCRIPTION):/m);
  });

  it("folds a long line and unfolds back to it", () => {
    const ics = buildIcs({ ...event, location: `Riverside Health Centre, ${"Long Lane, ".repeat(20)}Riverside` });
    for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toContain(`LOCATION:Riverside Health Centre\\, ${"Long Lane\\, ".repeat(20)}Riverside\r\n`);
  });
});

describe("escapeText", () => {
  it("escapes backslash, semicolon, comma and line breaks, and drops other control characters", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("tab\tstays, bell\u0007 goes")).toBe("tab\tstays\\, bell goes");
    expect(escapeText("Dr O'Brien: 10:00")).toBe("Dr O'Brien: 10:00");
  });
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone and folds the 76th onto a line starting with a space", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    // 200 = 75 + (1 + 74) + (1 + 51): each continuation line starts with its space.
    expect(foldLine("x".repeat(200)).split("\r\n").map(octets)).toEqual([75, 75, 52]);
  });

  it("counts octets, not characters, and never splits a UTF-8 character", () => {
    const line = `SUMMARY:${"é".repeat(40)}${"🩺".repeat(10)}`;
    const folded = foldLine(line).split("\r\n");
    for (const part of folded) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain("\ufffd");
    }
    expect(folded.map((part, index) => (index ? part.slice(1) : part)).join("")).toBe(line);
  });
});

describe("formatUtc", () => {
  it("is the basic UTC form without fractions", () => {
    expect(formatUtc(new Date("2026-03-29T00:59:59.999Z"))).toBe("20260329T005959Z");
  });
});
