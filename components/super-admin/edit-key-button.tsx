"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

import { updateUserKeyAction } from "@/app/(dashboard)/settings/super-admin/api-keys/actions";
import { TextField } from "@/components/super-admin/text-field";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useFocusFirstInvalid, withoutError } from "@/components/ui/field-errors";
import { useAnnounce } from "@/components/ui/status-message";
import { RATE_LIMIT_OVERRIDE_HINT } from "@/lib/limits";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/schemas";

type Props = { keyId: string; name: string; description: string; rateLimit: number | null };

const FIELDS = ["name", "description", "rateLimit"] as const;
type Fields = Record<(typeof FIELDS)[number], string>;
const sameFields = (a: Fields, b: Fields) => FIELDS.every((field) => a[field] === b[field]);

/**
 * Edit: Key name and Key description (seed 004) in a modal, and the key's rate limit (seed 001:
 * "Contact Hero support if your integration requires a higher limit"); the server's field errors
 * show under each field.
 */
export function EditKeyButton({ keyId, name, description, rateLimit }: Props) {
  const fromTable = { name, description, rateLimit: rateLimit ? String(rateLimit) : "" };
  const id = useId();
  const router = useRouter();
  const announce = useAnnounce();
  // What the last save stored, over the table as it was then: until the page is read again, the
  // table still shows what was there before, and Edit reopened at once must not start from that.
  const [saved, setSaved] = useState<{ over: Fields; values: Fields } | null>(null);
  const unread = saved !== null && sameFields(saved.over, fromTable);
  // Once the table has changed, it is read again: what it shows from then on is current.
  if (saved && !unread) setSaved(null);
  const shown = unread ? saved.values : fromTable;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(shown);
  // What the dialog opened with: the page may be read again while it is open.
  const [openedWith, setOpenedWith] = useState(shown);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const focusFirstInvalid = useFocusFirstInvalid(id, FIELDS);

  function start() {
    // Start from what the table shows now, not from an earlier, abandoned edit.
    setValues(shown);
    setOpenedWith(shown);
    setErrors({});
    setFormError(null);
    setOpen(true);
  }

  // A fixed field loses its error at once, not at the next Save.
  function change(field: (typeof FIELDS)[number], value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((errors) => withoutError(errors, field));
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      // The limit only when changed here: one another super admin set since the page loaded stays.
      const { rateLimit: limit, ...fields } = values;
      const changedLimit = limit !== openedWith.rateLimit ? { rateLimit: limit, shownRateLimit: openedWith.rateLimit } : {};
      const result = await updateUserKeyAction({ keyId, ...fields, shownName: openedWith.name, shownDescription: openedWith.description, ...changedLimit });
      if (result.ok) {
        // A limit left out is whatever the table says, not what the dialog held.
        const savedLimit = limit !== openedWith.rateLimit ? limit.trim() : fromTable.rateLimit;
        setSaved({ over: fromTable, values: { name: values.name.trim(), description: values.description.trim(), rateLimit: savedLimit } });
        announce(`Saved the API key "${values.name.trim()}".`);
        return setOpen(false);
      }
      setErrors(result.fieldErrors ?? {});
      setFormError(result.fieldErrors ? null : result.error);
      focusFirstInvalid(result.fieldErrors);
    });
  }

  // After a refusal (a limit another super admin changed, a key deleted) the page reads what is now, so reopening starts from it.
  function close() {
    setOpen(false);
    if (formError) router.refresh();
  }

  return (
    <>
      <Button variant="secondary" onClick={start}>
        Edit
      </Button>
      <Dialog open={open} title={`Edit API key: ${shown.name}`} onClose={close} busy={pending}>
        <form onSubmit={save} noValidate className="space-y-4">
          <TextField
            id={`${id}-name`}
            label="Key name"
            required
            maxLength={KEY_NAME_MAX}
            value={values.name}
            onChange={(value) => change("name", value)}
            error={errors.name}
          />
          <TextField
            id={`${id}-description`}
            label="Key description"
            multiline
            maxLength={KEY_DESCRIPTION_MAX}
            value={values.description}
            onChange={(value) => change("description", value)}
            error={errors.description}
          />
          <TextField
            id={`${id}-rateLimit`}
            label="Rate limit (requests a minute)"
            value={values.rateLimit}
            onChange={(value) => change("rateLimit", value)}
            error={errors.rateLimit}
            hint={RATE_LIMIT_OVERRIDE_HINT}
          />
          {formError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              {formError}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={close} disabled={pending}>
              Close
            </Button>
            <Button type="submit" pending={pending} pendingLabel="Saving…">
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
