// Dates as people read them, always in UK time: the practices are in the UK, and a server or a
// browser elsewhere must not shift an appointment by an hour.
export const UK_TIME_ZONE = "Europe/London";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: UK_TIME_ZONE });
const zone = new Intl.DateTimeFormat("en-GB", { timeZone: UK_TIME_ZONE, timeZoneName: "short" });

/**
 * "5 Jul 2026, 15:03 BST": with the zone, GMT or BST, as support compares it with a partner's
 * logs and the CSV exports, which are in UTC.
 */
export function formatDateTime(date: Date | null | undefined) {
  if (!date) return "Never";
  return `${dateTime.format(date)} ${zone.formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? ""}`.trimEnd();
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: UK_TIME_ZONE });

/** "27 Oct 2025": a UK day. */
export const formatDay = (date: Date) => dateFormat.format(date);

/**
 * When a key stops working. One set to expire "On a date" works to the end of that UK day, so it
 * stops at the next midnight: shown as "End of 5 Dec 2026", the day chosen, not "6 Dec 2026, 00:00".
 */
export function formatExpiry(date: Date | null | undefined) {
  if (!date) return "Never";
  const day = dayEndedAt(date);
  return day ? `End of ${dateFormat.format(day)}` : formatDateTime(date);
}

/** For a UK midnight, an instant of the day it ends (what lasts until then lasts that whole day); null for any other time. */
const dayEndedAt = (date: Date) => (timeFormat.format(date) === "00:00" ? new Date(date.getTime() - 1) : null);

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: UK_TIME_ZONE });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: UK_TIME_ZONE });
const longDayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: UK_TIME_ZONE });

export const formatDate = (date: Date) => dayFormat.format(date);
export const formatTime = (date: Date) => timeFormat.format(date);
/** "Monday 24 November" */
export const formatLongDay = (date: Date) => longDayFormat.format(date);
/** "Monday 24 November at 09:00" */
export const formatLongDateTime = (date: Date) => `${formatLongDay(date)} at ${formatTime(date)}`;
/** When something lasts until: "Monday 24 November at 09:00", and a UK midnight as "the end of" the day before (it read as that whole day). */
export function formatLongUntil(date: Date) {
  const day = dayEndedAt(date);
  return day ? `the end of ${formatLongDay(day)}` : formatLongDateTime(date);
}

/**
 * A phone number as a tel: link: its digits and a leading +. A country code written 0044 or (+44)
 * becomes +44, and after it a national trunk 0 written "(0)" is dropped: +44 (0)1632 960000 is
 * dialled +441632960000.
 */
export function telHref(phone: string) {
  const text = phone
    .trim()
    .replace(/^\(\+(\d+)\)/, "+$1")
    .replace(/^00/, "+");
  return `tel:${(text.startsWith("+") ? text.replace(/\(0\)/g, "") : text).replace(/(?!^\+)[^\d]/g, "")}`;
}

/** "1 patient", "3 patients": a count with its noun. */
export function plural(count: number, noun: string) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
