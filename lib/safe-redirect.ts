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
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
