// Text PostgreSQL cannot store or that is not text at all: a NUL character (refused by
// PostgreSQL's text type) and a UTF-16 surrogate without its pair (not a character in any
// encoding). Found anywhere in what a partner or a form sends, it is a field error, never a 500.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_MESSAGE = "Contains a character that cannot be stored (a NUL or an unpaired surrogate)";

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The dotted path of the first string (or object key) that cannot be stored, or null. */
export function findUnstorable(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isStorable(value) ? null : path || "value";
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, path ? `${path}.${index}` : String(index));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (!isStorable(key)) return path || "body";
      const found = findUnstorable(item, here);
      if (found) return found;
    }
  }
  return null;
}
