// Text PostgreSQL cannot store or that is not text at all: a NUL character (refused by
// PostgreSQL's text type) and a UTF-16 surrogate without its pair (not a character in any
// encoding). Found anywhere in what a partner or a form sends, it is a field error, never a 500.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_MESSAGE = "Contains a character that cannot be stored (a NUL or an unpaired surrogate)";

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The dotted path of the first string (or object key) that cannot be stored, or null. A loop,
 * not recursion: a body may nest thousands of levels deep within its 16 KB.
 */
export function findUnstorable(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, ""]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === "string") {
      if (!isStorable(item)) return path || "value";
    } else if (item && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        if (!isStorable(key)) return path || "body";
        pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}
