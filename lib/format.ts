const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });

export function formatDateTime(date: Date | null | undefined) {
  return date ? dateTime.format(date) : "Never";
}
