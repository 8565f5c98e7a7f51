"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { generateApiKeyAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";

type Partner = { id: string; name: string };

/** Generate API Key: choose a partner, then the key is shown once. Done forgets it for good. */
export function GenerateKeyDialog({ partners }: { partners: Partner[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [partnerId, setPartnerId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [generated, setGenerated] = useState<{ key: string; partnerName: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function close() {
    // The only copy of the key in the browser is this state: clearing it is what "Done" means.
    setGenerated(null);
    setError(null);
    setPartnerId("");
    setOpen(false);
    router.refresh();
  }

  function generate() {
    setError(null);
    startTransition(async () => {
      const result = await generateApiKeyAction({ partnerId });
      if (!result.ok) return setError(result.fieldErrors?.partnerId ?? result.error);
      setGenerated({ key: result.key, partnerName: result.partnerName });
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Generate API Key</Button>
      <Dialog
        open={open && !generated}
        title="Generate API Key"
        description="Choose the partner you want to connect with. The key will be displayed only once."
        onClose={() => setOpen(false)}
      >
        <div className="space-y-1">
          <label htmlFor="generate-partner" className="block text-sm font-medium">
            Partner
          </label>
          <select
            id="generate-partner"
            value={partnerId}
            onChange={(event) => setPartnerId(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "generate-partner-error" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">Select a partner</option>
            {partners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
          {error && (
            <p id="generate-partner-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
            Cancel
          </Button>
          <Button onClick={generate} pending={pending} pendingLabel="Generating…">
            Generate
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={generated !== null}
        title={`API key for ${generated?.partnerName ?? ""}`}
        description={
          <p className="rounded-md bg-amber-50 p-3 font-medium text-amber-900">
            This key is displayed only once. Copy it and store it somewhere secure: after you click Done you will no longer be able to see the full key.
          </p>
        }
        onClose={close}
        role="alertdialog"
      >
        {generated && <KeyField value={generated.key} />}
        <div className="flex justify-end">
          <Button onClick={close}>Done</Button>
        </div>
      </Dialog>
    </>
  );
}
