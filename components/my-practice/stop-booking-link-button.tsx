"use client";

import { useRouter } from "next/navigation";

import { stopBookingLinkAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useAnnounce } from "@/components/ui/status-message";

/** Stop a booking link, e.g. one sent to the wrong person: it cannot book, nor show what it booked, from now on. */
export function StopBookingLinkButton({ linkId, label, used }: { linkId: string; label: string; used: boolean }) {
  const router = useRouter();
  const announce = useAnnounce();
  return (
    <ConfirmButton
      label="Stop"
      title="Stop this booking link?"
      description={
        used ? (
          <p>
            The {label} stops working immediately: whoever has it no longer sees the appointment it booked. The appointment stays booked: cancel it yourself if
            it was not the patient&apos;s.
          </p>
        ) : (
          <p>
            The {label} stops working immediately: whoever has it can no longer book with it. The partner is not told; if the patient still needs an
            appointment, ask the partner for a new link or book it for them.
          </p>
        )
      }
      confirmLabel="Stop link"
      pendingLabel="Stopping…"
      onConfirm={async () => {
        const result = await stopBookingLinkAction({ linkId });
        if (!result.ok) return result.error;
        announce(result.notice ?? `Stopped the ${label}.`);
        router.refresh();
      }}
    />
  );
}
