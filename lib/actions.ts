// Server action wrappers (after saas-starter's validatedActionWithUser): the session and
// role are checked and the input validated before the body runs; the practice group always
// comes from the session. Actions return { ok } or { error }, never a thrown stack. The public
// pages' actions have a wrapper of their own, publicAction, at the end.
import { headers } from "next/headers";
import { z } from "zod";

import { isDatabaseUnavailable, loggableError } from "@/lib/db-errors";
import { DomainError } from "@/lib/domain-error";
import { publicPageRefusal } from "@/lib/public-pages";
import { getCurrentUser, isPracticeAdmin, isSuperAdmin, type SessionUser } from "@/lib/session";
import { SESSION_ENDED } from "@/lib/sessions";
import { findUnstorable, UNSTORABLE_MESSAGE } from "@/lib/text";

export type ActionFailure = { ok: false; error: string; fieldErrors?: Record<string, string> };
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

type Check = (user: SessionUser) => ActionFailure | null;

// The session could not be read, so the action never started.
const NOTHING_CHANGED_DATABASE = "Hero could not reach its data just now, and nothing was changed. Try again in a moment.";
// The database stopped answering during the change: a statement given up on may still have committed (lib/db.ts).
export const MAY_HAVE_CHANGED =
  "Hero lost touch with its data while doing this. If it was a change, it may have been made: reload the page to see before trying again.";

function wrap<S extends z.ZodType, R extends object | void>(check: Check, schema: S, body: (input: z.infer<S>, user: SessionUser) => Promise<R>) {
  return async (input: z.input<S>): Promise<ActionResult<R extends object ? R : object>> => {
    let user: SessionUser | null;
    try {
      user = await getCurrentUser();
    } catch (error) {
      // Answered in the form, which keeps what was typed, rather than thrown to the error page.
      if (isDatabaseUnavailable(error)) return { ok: false, error: NOTHING_CHANGED_DATABASE };
      throw error;
    }
    if (!user) return { ok: false, error: SESSION_ENDED };
    const denied = check(user);
    if (denied) return denied;

    // Before zod: a NUL or a lone surrogate would otherwise reach PostgreSQL and fail there.
    const unstorable = findUnstorable(input);
    if (unstorable) return { ok: false, error: UNSTORABLE_MESSAGE, fieldErrors: { [unstorable.split(".")[0]]: UNSTORABLE_MESSAGE } };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
      return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input", fieldErrors };
    }

    try {
      const result = await body(parsed.data, user);
      return { ok: true, ...(result ?? {}) } as { ok: true } & (R extends object ? R : object);
    } catch (error) {
      if (error instanceof DomainError) {
        return { ok: false, error: error.message, ...(error.field ? { fieldErrors: { [error.field]: error.message } } : {}) };
      }
      console.error(`Server action failed: ${loggableError(error)}`);
      if (isDatabaseUnavailable(error)) return { ok: false, error: MAY_HAVE_CHANGED };
      return { ok: false, error: "Something went wrong and nothing was changed. Please try again." };
    }
  };
}

// Said of every admin action (keys, apps, practice details, booking links), so it names none of them.
const ADMINS_ONLY = "Only practice admins can make this change. Ask a practice admin.";

/** Practice admins and super admins, acting on their own practice group. */
export function adminAction<S extends z.ZodType, R extends object | void>(schema: S, body: (input: z.infer<S>, user: SessionUser) => Promise<R>) {
  return wrap((user) => (isPracticeAdmin(user) ? null : { ok: false, error: ADMINS_ONLY }), schema, body);
}

/** Super admins only; to anyone else the action does not exist. */
export function superAdminAction<S extends z.ZodType, R extends object | void>(schema: S, body: (input: z.infer<S>, user: SessionUser) => Promise<R>) {
  return wrap((user) => (isSuperAdmin(user) ? null : { ok: false, error: "Not found" }), schema, body);
}

/**
 * A public page's action (no session: its link's token is the credential). The middleware's
 * refusal (the address over its limit) or a call Next forwarded from another page is answered
 * first, before any database work, as `refused(message)`: in the shape the page shows.
 */
export function publicAction<A extends unknown[], R>(refused: (message: string) => R, body: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const refusal = publicPageRefusal(await headers());
    return refusal ? refused(refusal) : body(...args);
  };
}
