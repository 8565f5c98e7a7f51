"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { generateApiKeyAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { SUSPENDED } from "@/components/apps/partner-status";
import { defaultKeyOptions, KeyOptionsFields, keyOptionsInput, replacementKeyOptions, type KeyOptions } from "@/components/keys/key-options-fields";
import { NewKeyDialog, type NewKey } from "@/components/keys/new-key-dialog";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions, FormError } from "@/components/ui/dialog-actions";
import { withoutError } from "@/components/ui/field-errors";
import { useAnnounce } from "@/components/ui/status-message";
import { describeAccess, type ScopeName } from "@/lib/scopes";

export type GeneratePartner = {
  id: string;
  name: string;
  scopes: ScopeName[];
  connected: boolean;
  suspendedAt: Date | null;
  liveKey: { id: string; name: string; displayKey: string; scopes: ScopeName[]; expiresAt: Date | null } | null;
};

/**
 * Generate API Key: choose a partner, then the key is shown once. For a connected partner the
 * new key replaces its current one, and the dialog says so before anything happens.
 */
export function GenerateKeyDialog({ partners, practiceGroupId }: { partners: GeneratePartner[]; practiceGroupId: string }) {
  const router = useRouter();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [partnerId, setPartnerId] = useState("");
  const [options, setOptions] = useState<KeyOptions>(defaultKeyOptions([]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<NewKey | null>(null);
  const [pending, startTransition] = useTransition();
  const partner = partners.find((p) => p.id === partnerId);

  function choose(id: string) {
    setPartnerId(id);
    setErrors({});
    const chosen = partners.find((p) => p.id === id);
    setOptions(replacementKeyOptions(chosen?.liveKey ?? null, chosen?.scopes ?? []));
  }

  function cancel() {
    // After a refusal ("changed since this page was loaded") the page shows what is now, so a retry sends the current key.
    if (errors.form) router.refresh();
    setOpen(false);
    setErrors({});
    choose("");
  }

  function close() {
    // The only copy of the key in the browser is this state: clearing it is what "Done" means.
    if (shown) announce(`${shown.title.replace("API key for ", "API key generated for ")}.`);
    setShown(null);
    cancel();
    router.refresh();
  }

  function generate() {
    setErrors({});
    startTransition(async () => {
      const result = await generateApiKeyAction({
        partnerId,
        replacing: partner?.liveKey?.id ?? "",
        shownScopes: partner?.liveKey?.scopes,
        ...keyOptionsInput(options),
      });
      if (!result.ok) return setErrors(result.fieldErrors ?? { form: result.error });
      const replaced = result.replacedKey ? ` The previous key (${result.replacedKey}) no longer works.` : "";
      setOpen(false);
      setShown({
        title: `API key for ${result.partnerName}`,
        note: `This key is displayed only once. Copy it and store it somewhere secure: after you click Done you will no longer be able to see the full key.${replaced}`,
        key: result.key,
        shownOnce: true,
      });
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Generate API Key</Button>
      <Dialog
        open={open}
        title="Generate API Key"
        description="Choose the partner you want to connect with. The key will be displayed only once."
        onClose={cancel}
        busy={pending}
      >
        <div className="space-y-1">
          <label htmlFor="generate-partner" className="block text-sm font-medium">
            Partner
          </label>
          <select
            id="generate-partner"
            value={partnerId}
            onChange={(event) => choose(event.target.value)}
            aria-invalid={errors.partnerId ? true : undefined}
            aria-describedby={errors.partnerId ? "generate-partner-error" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">Select a partner</option>
            {/* A suspended partner cannot be connected; a connected one's key can still be replaced (lib/connections.ts). */}
            {partners.map((p) => (
              <option key={p.id} value={p.id} disabled={!p.connected && p.suspendedAt !== null}>
                {p.connected ? `${p.name} (connected${p.suspendedAt ? ` · ${SUSPENDED}` : ""})` : p.suspendedAt ? `${p.name} (${SUSPENDED})` : p.name}
              </option>
            ))}
          </select>
          {errors.partnerId && (
            <p id="generate-partner-error" role="alert" className="text-sm text-red-700">
              {errors.partnerId}
            </p>
          )}
        </div>
        {partner && (
          <>
            {partner.connected && (
              <p className="rounded-md bg-amber-50 p-3 text-sm font-medium text-amber-900" data-testid="replace-warning">
                {partner.name} is already connected. The new key replaces its current key{partner.liveKey ? ` (${partner.liveKey.displayKey})` : ""}, which
                stops working at once.
                {partner.suspendedAt && ` Hero support has suspended ${partner.name}: the new key, like the current one, is refused until Hero resumes it.`}
              </p>
            )}
            <KeyOptionsFields
              idPrefix="generate"
              partnerScopes={partner.scopes}
              value={options}
              onChange={setOptions}
              errors={errors}
              onEdit={(field) => setErrors((errors) => withoutError(errors, field))}
            />
            <p className="text-sm text-slate-700">{describeAccess(partner.name, options.scopes)}</p>
          </>
        )}
        <FormError message={errors.form} />
        <DialogActions
          onCancel={cancel}
          onConfirm={generate}
          confirmLabel={partner?.connected ? "Replace key" : "Generate"}
          pendingLabel="Generating…"
          pending={pending}
        />
      </Dialog>
      <NewKeyDialog shown={shown} practiceGroupId={practiceGroupId} onClose={close} />
    </>
  );
}
