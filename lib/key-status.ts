// How a key's state reads to a practice: status, label and expiry warnings. No server imports,
// so pages and client components share one wording.
import { formatDay } from "@/lib/format";
import { DAY_MS } from "@/lib/limits";

export const EXPIRY_WARNING_DAYS = 14;

/**
 * `partner`: a partner key's partner; Hero support's suspension refuses the key, whatever its own
 * state. `ownerActive`: a user key's owner's; a deactivated owner's keys are refused (owner_inactive).
 */
type KeyState = {
  revokedAt: Date | null;
  revokedReason?: string | null;
  expiresAt: Date | null;
  partner?: { suspendedAt?: Date | null; [field: string]: unknown } | null;
  ownerActive?: boolean | null;
};

export type KeyStatus = "Active" | "Expired" | "Suspended" | "Owner inactive" | "Rotated" | "Revoked" | "Deleted";

/** The badge colour of each status, wherever a key is listed. */
export const KEY_STATUS_TONES = {
  Active: "green",
  Expired: "amber",
  Suspended: "red",
  "Owner inactive": "red",
  Rotated: "grey",
  Revoked: "red",
  Deleted: "red",
} as const;

export function keyStatus(key: KeyState, now = new Date()): KeyStatus {
  if (key.revokedAt) {
    if (key.revokedReason === "rotated") return "Rotated";
    if (key.revokedReason === "deleted") return "Deleted";
    return "Revoked";
  }
  if (key.expiresAt && key.expiresAt <= now) return "Expired";
  if (key.partner?.suspendedAt) return "Suspended";
  if (key.ownerActive === false) return "Owner inactive";
  return "Active";
}

/** Why a key stopped working, in words, for the key history. */
export const REVOKE_REASONS: Record<string, string> = {
  rotated: "Replaced by a new key",
  revoked: "Revoked",
  disconnected: "Partner disconnected",
  superseded: "Replaced: one live key per partner",
  deleted: "Deleted",
  owner_moved: "Owner moved to another practice",
  owner_deactivated: "Owner deactivated",
  owner_deleted: "Owner removed",
};

/** A key as people see it: its name and display form, never the key itself. */
export function keyLabel(key: { name: string; displayKey: string }) {
  return key.name ? `${key.name} (${key.displayKey})` : key.displayKey;
}

/** Whole days left before a live key expires, when that is within the warning period. */
export function expiresInDays(key: KeyState, now = new Date()): number | null {
  if (key.revokedAt || !key.expiresAt || key.expiresAt <= now) return null;
  const days = Math.ceil((key.expiresAt.getTime() - now.getTime()) / DAY_MS);
  return days <= EXPIRY_WARNING_DAYS ? days : null;
}

export function expiryWarning(days: number) {
  return days === 1 ? "Expires in 1 day" : `Expires in ${days} days`;
}

/** A key's record from the API access ledger, in words, for the confirmations that end it. */
export function describeUsage(
  usage: { requests: number; patients: number; patientsSince: Date | null; lastAt: Date | null } | undefined,
  formatDate: (date: Date) => string,
) {
  if (!usage || usage.requests === 0) return "Since it was made, this key has not been used.";
  const requests = `${usage.requests.toLocaleString("en-GB")} ${usage.requests === 1 ? "request" : "requests"}`;
  const patients = `${usage.patients.toLocaleString("en-GB")} ${usage.patients === 1 ? "patient" : "patients"}`;
  const lastUsed = `last used ${usage.lastAt ? formatDate(usage.lastAt) : "never"}`;
  // Older than the ledger keeps: its patients are those of the rows still kept.
  if (usage.patientsSince) return `Since it was made, this key made ${requests}; since ${formatDay(usage.patientsSince)} it touched ${patients}; ${lastUsed}.`;
  return `Since it was made, this key made ${requests} touching ${patients}; ${lastUsed}.`;
}
