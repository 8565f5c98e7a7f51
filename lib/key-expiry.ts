// The expiry a practice chooses for a key: none, 30, 90 or 365 days, or a date (the key works
// until the end of that day, UK time). Shared by the forms and the server actions' schemas.
import { DAY_MS } from "@/lib/limits";

export const EXPIRY_CHOICES = ["never", "30", "90", "365", "date"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const EXPIRY_LABELS: Record<ExpiryChoice, string> = { never: "No expiry", "30": "30 days", "90": "90 days", "365": "365 days", date: "On a date" };

export const MAX_EXPIRY_DAYS = 3660;
const ZONE = "Europe/London";

/** Today's date in the UK as YYYY-MM-DD (what a date input shows). */
export function ukDate(date = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(date);
}

function ukOffsetMs(instant: Date) {
  const name =
    new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "longOffset" }).formatToParts(instant).find((part) => part.type === "timeZoneName")
      ?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
}

/** UK midnight at the start of the given date, `days` later (days are 23 to 25 hours long), or null when the text is not a real date. */
function ukMidnight(text: string, days: number): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  // Date.UTC reads years 0–99 as 1900–1999; past 9998 the next day is no date PostgreSQL holds.
  if (year < 1000 || year > 9998) return null;
  const midnightUtc = Date.UTC(year, month - 1, day + days);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return new Date(midnightUtc - ukOffsetMs(new Date(midnightUtc)));
}

/** The instant a UK clock shows `minutes` past midnight on the given date (BST or GMT, as it is then), or null when the text is not a real date. */
export function atUkTime(text: string, minutes: number): Date | null {
  if (!ukMidnight(text, 0)) return null;
  const [year, month, day] = text.split("-").map(Number);
  const wallClock = Date.UTC(year, month - 1, day) + minutes * 60_000;
  // The offset at the wall-clock time read as UTC, then again at the instant that gives (they differ only near a change).
  const guess = wallClock - ukOffsetMs(new Date(wallClock));
  return new Date(wallClock - ukOffsetMs(new Date(guess)));
}

/** The first instant of the given UK date (or of the one `daysLater`), or null when the text is not a real date. */
export const startOfUkDay = (text: string, daysLater = 0) => ukMidnight(text, daysLater);

/** The first instant after the given UK date, or null when the text is not a real date. */
export const endOfUkDay = (text: string) => ukMidnight(text, 1);

export type ExpiryResult = { ok: true; expiresAt: Date | null } | { ok: false; error: string };

export function expiresAtFrom(choice: ExpiryChoice, date: string, now = new Date()): ExpiryResult {
  if (choice === "never") return { ok: true, expiresAt: null };
  if (choice !== "date") return { ok: true, expiresAt: new Date(now.getTime() + Number(choice) * DAY_MS) };
  const end = endOfUkDay(date);
  if (!end) return { ok: false, error: "Enter the expiry date" };
  if (end.getTime() - now.getTime() < DAY_MS / 24 || date <= ukDate(now)) return { ok: false, error: "Choose an expiry date after today" };
  if (end.getTime() - now.getTime() > MAX_EXPIRY_DAYS * DAY_MS) return { ok: false, error: "Choose an expiry date within 10 years" };
  return { ok: true, expiresAt: end };
}
