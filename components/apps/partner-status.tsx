import { Badge } from "@/components/ui/badge";
import { expiresInDays, expiryWarning, keyStatus } from "@/lib/key-status";

type LiveKey = { revokedAt: Date | null; expiresAt: Date | null } | null;

/** "Connected", "Connected · key expired" or "Not connected", and an expiry warning within 14 days. */
export function partnerStatus(connected: boolean, liveKey: LiveKey) {
  if (!connected) return "Not connected";
  return liveKey && keyStatus(liveKey) === "Expired" ? "Connected · key expired" : "Connected";
}

/** What the badges say, in words: the status and any expiry warning. */
export function partnerStatusText(connected: boolean, liveKey: LiveKey) {
  const days = liveKey ? expiresInDays(liveKey) : null;
  return [partnerStatus(connected, liveKey), days !== null ? expiryWarning(days) : null].filter(Boolean).join(" · ");
}

export function PartnerStatusBadges({ connected, liveKey }: { connected: boolean; liveKey: LiveKey }) {
  const status = partnerStatus(connected, liveKey);
  const days = liveKey ? expiresInDays(liveKey) : null;
  return (
    <>
      <Badge tone={status === "Connected" ? "green" : status === "Not connected" ? "grey" : "amber"}>{status}</Badge>
      {days !== null && <Badge tone="amber">{expiryWarning(days)}</Badge>}
    </>
  );
}
