// Where to go after sign-in: only a path on this app. The value is resolved against a fixed
// origin, so what the browser would make of it is what is checked: tab, CR and LF are refused
// outright (browsers strip them, turning "/\t/evil.example/" into "//evil.example/"), and so
// is a backslash, which browsers read as a slash.
const BASE = "http://hero.invalid";

// Addresses whose opening records something, reached through sign-in, whose link may have been
// another site's: a key report (a view, in practices' Activity: lib/api-activity.ts) asks first,
// as it does for another site's link, and its CSV becomes the report asking first; the audit
// log's CSV (an export, in the audit log) becomes the audit log's page. Matched as Next routes
// them: decoded, repeated slashes as one, a trailing slash dropped.
export const ASK_FIRST = "ask";
const KEY_REPORT = /^(\/settings\/keys\/[^/]+)(?:\/export)?$/;
const AUDIT_LOG_EXPORT = /^(\/settings\/super-admin\/audit-log)\/export$/;

export function safeCallbackPath(value: string | string[] | undefined | null, fallback = "/dashboard") {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  // Dot segments can resolve to a path that begins "//" ("/..//evil.example"), which a browser
  // reads as another host.
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  let routed: string;
  try {
    routed = decodeURI(url.pathname)
      .replace(/\/{2,}/g, "/")
      .replace(/(.)\/$/, "$1");
  } catch {
    return fallback;
  }
  const report = KEY_REPORT.exec(routed);
  if (report) {
    url.searchParams.set(ASK_FIRST, "1");
    // Encoded again: decoding let back the CR, LF and backslash refused above (%0D%0A, %5C).
    return `${encodeURI(report[1])}${url.search}`;
  }
  const auditLogExport = AUDIT_LOG_EXPORT.exec(routed);
  if (auditLogExport) return `${auditLogExport[1]}${url.search}`;
  return `${url.pathname}${url.search}${url.hash}`;
}
