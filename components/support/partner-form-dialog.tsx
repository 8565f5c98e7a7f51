"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { createPartnerAction, updatePartnerAction } from "@/app/(dashboard)/settings/super-admin/partners/actions";
import { TextField } from "@/components/super-admin/text-field";
import { ScopeCheckboxes } from "@/components/support/scope-checkboxes";
import { failureErrors, SupportActionDialog } from "@/components/support/support-action-dialog";
import { PARTNER_DESCRIPTION_MAX, PARTNER_NAME_MAX, PARTNER_SLUG_MAX } from "@/lib/schemas";
import type { ScopeName } from "@/lib/scopes";

type Partner = { id: string; name: string; slug: string; description: string; scopes: ScopeName[]; loadedAt: string };
const EMPTY: Partner = { id: "", name: "", slug: "", description: "", scopes: [], loadedAt: "" };

/** Create partner / Edit partner: name, slug, description and the scopes it may be granted. */
export function PartnerFormDialog({ partner }: { partner?: Partner }) {
  const router = useRouter();
  // Taken when the dialog opens, loadedAt with the fields: a page refreshed meanwhile must not vouch for them.
  const [fields, setFields] = useState(partner ?? EMPTY);
  const set = (patch: Partial<typeof fields>) => setFields({ ...fields, ...patch });

  return (
    <SupportActionDialog
      onOpen={() => setFields(partner ?? EMPTY)}
      label={partner ? "Edit partner" : "Create partner"}
      title={partner ? `Edit ${partner.name}` : "Create partner"}
      description={partner ? "Removing a scope takes it from every key of this partner on its next request." : undefined}
      confirmLabel={partner ? "Save" : "Create partner"}
      pendingLabel="Saving…"
      outcome={partner ? `Saved ${fields.name}.` : `Created ${fields.name}.`}
      onSubmit={async (reason) => {
        const input = { name: fields.name, slug: fields.slug, description: fields.description, scopes: fields.scopes, reason };
        const result = partner ? await updatePartnerAction({ partnerId: partner.id, loadedAt: fields.loadedAt, ...input }) : await createPartnerAction(input);
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    >
      {(field) => (
        <>
          <TextField {...field("name")} label="Name" maxLength={PARTNER_NAME_MAX} value={fields.name} onChange={(name) => set({ name })} />
          <TextField {...field("slug")} label="Slug" maxLength={PARTNER_SLUG_MAX} value={fields.slug} onChange={(slug) => set({ slug })} />
          <TextField
            {...field("description")}
            label="Description"
            maxLength={PARTNER_DESCRIPTION_MAX}
            value={fields.description}
            onChange={(description) => set({ description })}
          />
          <ScopeCheckboxes {...field("scopes")} value={fields.scopes} onChange={(scopes) => set({ scopes })} />
        </>
      )}
    </SupportActionDialog>
  );
}
