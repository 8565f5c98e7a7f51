// Hero support acting on any practice (Settings > Super admin). Support uses the same lib
// functions as the practice; what differs is who the practice sees ("Hero support") and that
// every action carries a reason typed by the super admin, kept in the audit event.
import { z } from "zod";

import type { Actor } from "@/lib/audit";

export const SUPPORT_ACTOR_NAME = "Hero support";
/** Who a practice is shown for a user since deleted (key makers, revokers and owners keep no name). */
export const REMOVED_USER_NAME = "A removed user";
/** Seed 003's address (seed 000 hides its own behind "[email protected]"). */
export const HERO_SUPPORT_EMAIL = "support@herohealth.net";
export const REASON_MIN = 5;
export const REASON_MAX = 500;

/** Who did it, as the user is selected for a practice's pages (a key's Created by, Revoked by). */
export const SHOWN_USER_FIELDS = { select: { name: true, practiceGroupId: true } } as const;

/** Revocations no person made: the one-live-key migration (superseded), an owner moved or removed (database triggers). */
const REVOKED_BY_NO_ONE = new Set(["superseded", "owner_moved", "owner_deactivated", "owner_deleted"]);

/**
 * The name a practice sees for a user who made or revoked one of its keys: only the practice's
 * own staff manage its keys, so anyone from outside it did so as Hero support (as its Activity
 * says), whatever their role is now. No user: one since removed (the row keeps no name), or,
 * for a revocation no person made (`revokedReason`), Hero.
 */
export function nameShownToPractice(
  user: { name: string; practiceGroupId: string } | null,
  practiceGroupId: string,
  revokedReason?: string | null,
): { name: string } {
  if (!user) return { name: revokedReason && REVOKED_BY_NO_ONE.has(revokedReason) ? "Hero" : REMOVED_USER_NAME };
  return { name: user.practiceGroupId !== practiceGroupId ? SUPPORT_ACTOR_NAME : user.name };
}

/** The actor a practice sees in its Activity; the audit event keeps the real user's id. */
export function supportActor(user: Pick<Actor, "id" | "session">): Actor {
  return { id: user.id, name: SUPPORT_ACTOR_NAME, session: user.session };
}

export const reasonField = z
  .string()
  .trim()
  .min(REASON_MIN, `Say why, in at least ${REASON_MIN} characters: it is kept in the audit log`)
  .max(REASON_MAX, `Keep the reason to ${REASON_MAX} characters or fewer`);
