"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import {
  supportConnectAction,
  supportDisconnectAction,
  supportRateLimitAction,
  supportRevokeAction,
  supportRotateAction,
  supportShareAction,
} from "@/app/(dashboard)/settings/super-admin/practices/actions";
import { TextField } from "@/components/super-admin/text-field";
import { ScopeCheckboxes } from "@/components/support/scope-checkboxes";
import { failureErrors, SupportActionDialog } from "@/components/support/support-action-dialog";
import { CloseGuardActions, useCloseGuard } from "@/components/ui/close-guard";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";
import { formatDateTime, plural } from "@/lib/format";
import { RATE_LIMIT_OVERRIDE_HINT } from "@/lib/limits";
import { SELECT_A_PARTNER } from "@/lib/schemas";
import type { ScopeName } from "@/lib/scopes";

type Connection = { practiceGroupId: string; practiceName: string; partnerId: string; partnerName: string };

type ConnectablePartner = { id: string; name: string; scopes: ScopeName[] };

/** Connect for the practice, with the scopes the partner asked for (seed 002): the key is sent with Share key. */
export function SupportConnectButton({
  practiceGroupId,
  practiceName,
  partners,
}: {
  practiceGroupId: string;
  practiceName: string;
  partners: ConnectablePartner[];
}) {
  const router = useRouter();
  const [partnerId, setPartnerId] = useState("");
  const [chosen, setChosen] = useState<ScopeName[]>([]);
  const partner = partners.find((p) => p.id === partnerId);
  return (
    <SupportActionDialog
      onOpen={() => {
        setPartnerId("");
        setChosen([]);
      }}
      label="Connect a partner"
      title={`Connect a partner to ${practiceName}`}
      description={`Creates the partner's API key for ${practiceName}, as the practice's own Connect does, with the scopes the partner asked for. It is not shown here: use Share key to send it. The practice sees this in its activity as done by Hero support.`}
      confirmLabel="Connect"
      pendingLabel="Connecting…"
      outcome={partner ? `${partner.name} is connected to ${practiceName}. Use Share key to send its API key.` : null}
      onSubmit={async (reason) => {
        // Its scopes would be refused too, for a field not yet shown.
        if (!partner) return { partnerId: SELECT_A_PARTNER };
        const result = await supportConnectAction({ practiceGroupId, partnerId, scopes: chosen, reason });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    >
      {(field) => {
        const select = field("partnerId");
        return (
          <>
            <div className="space-y-1">
              <label htmlFor={select.id} className="block text-sm font-medium">
                Partner
              </label>
              <select
                id={select.id}
                name={select.name}
                value={partnerId}
                onChange={(event) => {
                  setPartnerId(event.target.value);
                  setChosen(partners.find((p) => p.id === event.target.value)?.scopes ?? []);
                }}
                aria-invalid={select.error ? true : undefined}
                aria-describedby={select.error ? `${select.id}-error` : undefined}
                className={`block w-full rounded-md border bg-white px-3 py-2 ${select.error ? "border-red-700" : "border-slate-300"}`}
              >
                <option value="">Select a partner</option>
                {partners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              {select.error && (
                <p id={`${select.id}-error`} className="text-sm text-red-700">
                  {select.error}
                </p>
              )}
            </div>
            {partner && <ScopeCheckboxes {...field("scopes")} value={chosen} onChange={setChosen} allowed={partner.scopes} />}
          </>
        );
      }}
    </SupportActionDialog>
  );
}

/** Rotate API key for the practice: the new key is stored encrypted and sent with Share key. `keyId`: the live key the page shows. */
export function SupportRotateButton({ practiceGroupId, practiceName, partnerId, partnerName, keyId }: Connection & { keyId: string | null }) {
  const router = useRouter();
  return (
    <SupportActionDialog
      label="Rotate API key"
      title={`Rotate ${partnerName}'s API key at ${practiceName}?`}
      description={`A new key is issued with the same name and scopes and the same expiry (one already passed: the same length of life from now), and the current key stops working straight away. It is not shown here: use Share key to send it to ${partnerName} or the practice.`}
      confirmLabel="Rotate API key"
      pendingLabel="Rotating…"
      outcome={`New API key issued for ${partnerName} at ${practiceName}. The previous key no longer works.`}
      onSubmit={async (reason) => {
        const result = await supportRotateAction({ practiceGroupId, partnerId, reason, replacing: keyId ?? "" });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    />
  );
}

/** `keyId`: the live key the page shows; a key rotated to since is not ended unseen. */
export function SupportDisconnectButton({ practiceGroupId, practiceName, partnerId, partnerName, keyId }: Connection & { keyId: string | null }) {
  const router = useRouter();
  return (
    <SupportActionDialog
      label="Disconnect"
      title={`Disconnect ${partnerName} from ${practiceName}?`}
      description={`The integration is disabled and its API key stops working immediately. The practice sees this in its activity as done by Hero support.`}
      confirmLabel="Disconnect"
      pendingLabel="Disconnecting…"
      outcome={`${partnerName} is disconnected from ${practiceName}. Its API key no longer works.`}
      variant="danger"
      onSubmit={async (reason) => {
        const result = await supportDisconnectAction({ practiceGroupId, partnerId, reason, replacing: keyId ?? "" });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    />
  );
}

export function SupportRevokeButton({
  practiceGroupId,
  practiceName,
  partnerName,
  keyId,
  displayKey,
}: Omit<Connection, "partnerId"> & { keyId: string; displayKey: string }) {
  const router = useRouter();
  return (
    <SupportActionDialog
      label="Revoke"
      title={`Revoke ${partnerName}'s key ${displayKey}?`}
      description={`The key stops working immediately, and ${partnerName} is disconnected from ${practiceName}: a partner's live key is its access.`}
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
      outcome={`Revoked ${displayKey}. ${partnerName} is disconnected from ${practiceName}.`}
      variant="danger"
      onSubmit={async (reason) => {
        const result = await supportRevokeAction({ practiceGroupId, keyId, reason });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    />
  );
}

/** Share key: a one-time link, shown here once for support to send on. */
export function ShareKeyButton({
  practiceGroupId,
  practiceName,
  partnerName,
  keyId,
  displayKey,
}: Omit<Connection, "partnerId"> & { keyId: string; displayKey: string }) {
  const [link, setLink] = useState<{ url: string; expiresAt: Date } | null>(null);
  return (
    <>
      <SupportActionDialog
        label="Share key"
        title={`Share ${partnerName}'s key ${displayKey}`}
        description="Creates a link that shows the key once to whoever opens it, then stops working. It also stops after 24 hours. Opening it is recorded in the audit log."
        confirmLabel="Create link"
        pendingLabel="Creating…"
        outcome={`Created a one-time link for ${partnerName}'s key at ${practiceName}.`}
        variant="secondary"
        onSubmit={async (reason) => {
          const result = await supportShareAction({ practiceGroupId, keyId, reason });
          if (!result.ok) return failureErrors(result);
          setLink({ url: result.url, expiresAt: new Date(result.expiresAt) });
        }}
      />
      <OneTimeLinkDialog
        key={link?.url ?? ""}
        link={link}
        description={`Send it to ${partnerName} or ${practiceName} over a channel you trust. It is shown only now.`}
        onClose={() => setLink(null)}
      />
    </>
  );
}

/** The link is shown only now: closing it before it was copied asks first, as a key shown once does. */
function OneTimeLinkDialog({ link, description, onClose }: { link: { url: string; expiresAt: Date } | null; description: string; onClose: () => void }) {
  const guard = useCloseGuard(onClose, link !== null);
  return (
    <Dialog open={link !== null} title="One-time link" description={description} onClose={guard.requestClose}>
      {link && (
        <>
          <KeyField value={link.url} label="Share link" copyLabel="Copy link" what="the link" testId="share-link" onCopied={guard.markCopied} />
          <p className="text-sm text-slate-700">Works once, until {formatDateTime(link.expiresAt)}.</p>
          <CloseGuardActions guard={guard} what="link" doneLabel="Done" />
        </>
      )}
    </Dialog>
  );
}

/** "15 seconds", "1 second", "2 minutes": the instances' reload interval (RATE_LIMIT_OVERRIDE_REFRESH_MS). */
function refreshWithin(ms: number) {
  const [amount, unit] = ms % 60_000 === 0 ? [ms / 60_000, "minute"] : [Math.ceil(ms / 1000), "second"];
  return plural(amount, unit);
}

/** A higher limit for one connection (seed 001/003: "Contact Hero support if your integration requires a higher limit"). */
export function RateLimitButton({
  practiceGroupId,
  practiceName,
  partnerId,
  partnerName,
  rateLimit,
  refreshMs,
}: Connection & { rateLimit: number | null; refreshMs: number }) {
  const router = useRouter();
  const saved = rateLimit ? String(rateLimit) : "";
  const [value, setValue] = useState(saved);
  return (
    <SupportActionDialog
      onOpen={() => setValue(saved)}
      label="Change rate limit"
      title={`Rate limit of ${partnerName} at ${practiceName}`}
      description={`Requests a minute for this connection's key. Every instance applies it within ${refreshWithin(refreshMs)}, on both limiter back ends.`}
      confirmLabel="Save rate limit"
      pendingLabel="Saving…"
      outcome={`Saved the rate limit of ${partnerName} at ${practiceName}.`}
      variant="secondary"
      onSubmit={async (reason) => {
        const result = await supportRateLimitAction({ practiceGroupId, partnerId, rateLimit: value, reason, shown: rateLimit });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    >
      {(field) => <TextField {...field("rateLimit")} label="Requests a minute" value={value} onChange={setValue} hint={RATE_LIMIT_OVERRIDE_HINT} />}
    </SupportActionDialog>
  );
}
