"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";

import { createUserKeyAction } from "@/app/(dashboard)/settings/super-admin/api-keys/actions";
import { KeyCredentialsDialog, type KeyCredentials } from "@/components/super-admin/key-credentials-dialog";
import { TextField } from "@/components/super-admin/text-field";
import { UserCombobox } from "@/components/super-admin/user-combobox";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid, withoutError } from "@/components/ui/field-errors";
import { useAnnounce } from "@/components/ui/status-message";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/schemas";
import type { UserOption } from "@/lib/users";

const FIELDS = ["name", "description", "ownerUserId"] as const;

/** Add API Key: Key name, Key description and the owner; Create issues the key and shows it as View does. */
export function CreateUserKeyForm({ listPath }: { listPath: string }) {
  const router = useRouter();
  const announce = useAnnounce();
  const id = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [owner, setOwner] = useState<UserOption | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<KeyCredentials | null>(null);
  // Once made, the form stays shut: until the list arrives after Close, another Create would make a second key.
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const focusFirstInvalid = useFocusFirstInvalid(id, FIELDS);

  // A fixed field loses its error at once, not at the next Create.
  function change(field: (typeof FIELDS)[number], value: string, set: (value: string) => void) {
    set(value);
    setErrors((errors) => withoutError(errors, field));
  }

  function create(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    startTransition(async () => {
      const result = await createUserKeyAction({ name, description, ownerUserId: owner?.id ?? "" });
      if (result.ok) {
        setErrors({});
        setDone(true);
        return setCreated({ name: result.name, username: result.username, practiceGroupId: result.practiceGroupId, key: result.key });
      }
      setErrors(result.fieldErrors ?? {});
      if (!result.fieldErrors) setFormError(result.error);
      focusFirstInvalid(result.fieldErrors);
    });
  }

  function close() {
    // Forget the key before leaving: it can be viewed again from the list, and each view is audited.
    if (created) announce(`Created the API key "${created.name}" for ${created.username}.`, listPath);
    setCreated(null);
    router.push(listPath);
  }

  return (
    <>
      <form onSubmit={create} noValidate className="rounded-lg border border-slate-200 bg-white p-5">
        <fieldset disabled={done} className="min-w-0 space-y-5">
          <TextField
            id={`${id}-name`}
            label="Key name"
            hint="A descriptive name for the integration, e.g. Zapier."
            required
            maxLength={KEY_NAME_MAX}
            value={name}
            onChange={(value) => change("name", value, setName)}
            error={errors.name}
          />
          <TextField
            id={`${id}-description`}
            label="Key description"
            hint="Optional: what the key is for or which service it connects."
            multiline
            maxLength={KEY_DESCRIPTION_MAX}
            value={description}
            onChange={(value) => change("description", value, setDescription)}
            error={errors.description}
          />
          <UserCombobox
            id={`${id}-ownerUserId`}
            selected={owner}
            onSelect={(user) => {
              setOwner(user);
              setErrors((errors) => withoutError(errors, "ownerUserId"));
            }}
            error={errors.ownerUserId}
          />
          {formError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              {formError}
            </p>
          )}
          <Button type="submit" pending={pending} pendingLabel="Creating…">
            Create
          </Button>
        </fieldset>
      </form>
      <KeyCredentialsDialog credentials={created} title={`API key created: ${created?.name ?? ""}`} onClose={close} />
    </>
  );
}
