import Form from "next/form";

import { Button } from "@/components/ui/button";
import { SEARCH_MAX_LENGTH } from "@/lib/limits";
import { PRACTICE_CODE_MAX } from "@/lib/schemas";

const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2";

type Props = { action: string; id: string; label: string; query: string; placeholder: string; children?: React.ReactNode };

/** A plain GET form: the search lives in the URL (?q=), works without JavaScript and survives a reload. */
export function SearchForm({ action, id, label, query, placeholder, children }: Props) {
  return (
    <Form action={action} role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <input id={id} key={query} type="search" name="q" defaultValue={query} maxLength={SEARCH_MAX_LENGTH} placeholder={placeholder} className={inputClass} />
      </div>
      {children}
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </Form>
  );
}

/** Super admin > API keys: the search, and the owner's practice code. */
export function UserKeySearch({ action, query, practice }: { action: string; query: string; practice: string }) {
  return (
    <SearchForm action={action} id="user-key-search" label="Search API keys" query={query} placeholder="Key name, description, user's name, email or username">
      <div className="w-full space-y-1 sm:w-40">
        <label htmlFor="user-key-practice" className="block text-sm font-medium">
          Practice code
        </label>
        <input id="user-key-practice" key={practice} name="practice" defaultValue={practice} maxLength={PRACTICE_CODE_MAX} className={inputClass} />
      </div>
    </SearchForm>
  );
}
