// Where to go after sign-in: only a path on this app. The value is resolved against a fixed
// origin, so what the browser would make of it is what is checked: tab, CR and LF are refused
// outright (browsers strip them, turning "/\t/evil.example/" into "//evil.example/"), and so
// is a backslash, which browsers read as a slash.
const BASE = "http://hero.invalid";

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
  return `${url.pathname}${url.search}${url.hash}`;
}
