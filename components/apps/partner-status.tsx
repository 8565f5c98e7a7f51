import { Badge } from "@/components/ui/badge";
import { expiresInDays, expiryWarning, keyStatus } from "@/lib/key-status";

type LiveKey = { revokedAt: Date | null; expiresAt: Date | null } | null;
type Partner = { connected: boolean; liveKey: LiveKey; suspendedAt: Date | null };

/** Hero support suspended the partner everywhere: its keys are refused, whatever the connection says, and it cannot be connected. */
export const SUSPENDED = "Suspended by Hero support";

/** "Connected", "Connected · key expired" or "Not connected". */
export function partnerStatus(connected: boolean, liveKey: LiveKey) {
  if (!connected) return "Not connected";
  return liveKey && keyStatus(liveKey) === "Expired" ? "Connected · key expired" : "Connected";
}

/** What the badges say, in words: the status, a suspension and any expiry warning. */
export function partnerStatusText({ connected, liveKey, suspendedAt }: Partner) {
  const days = liveKey ? expiresInDays(liveKey) : null;
  // To every practice, as the partner's page and Generate API Key say: one not connected cannot connect it.
  return [partnerStatus(connected, liveKey), suspendedAt ? SUSPENDED : null, days !== null ? expiryWarning(days) : null].filter(Boolean).join(" · ");
}

export function PartnerStatusBadges({ connected, liveKey, suspendedAt }: Partner) {
  const status = partnerStatus(connected, liveKey);
  const days = liveKey ? expiresInDays(liveKey) : null;
  return (
    <>
      <Badge tone={status === "Connected" && !suspendedAt ? "green" : status === "Not connected" ? "grey" : "amber"}>{status}</Badge>
      {suspendedAt && <Badge tone="red">{SUSPENDED}</Badge>}
      {days !== null && <Badge tone="amber">{expiryWarning(days)}</Badge>}
    </>
  );
}
