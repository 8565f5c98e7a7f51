// The app's limiters are one set per process, kept on a global (lib/ratelimit.ts) that module
// reloads do not clear: forgotten here, so modules loaded afresh configure them from the
// environment the test has set.
export function forgetLimiters() {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("hero.limiters")];
}
