import Form from "next/form";

import { Button } from "@/components/ui/button";

/** A plain GET form: the search lives in the URL, works without JavaScript and survives a reload. */
export function UserKeySearch({ action, query, practice }: { action: string; query: string; practice: string }) {
  return (
    <Form action={action} role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor="user-key-search" className="block text-sm font-medium">
          Search API keys
        </label>
        <input
          id="user-key-search"
          key={query}
          type="search"
          name="q"
          defaultValue={query}
          maxLength={100}
          placeholder="Key name, description, user's name, email or username"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
      </div>
      <div className="w-full space-y-1 sm:w-40">
        <label htmlFor="user-key-practice" className="block text-sm font-medium">
          Practice code
        </label>
        <input
          id="user-key-practice"
          key={practice}
          name="practice"
          defaultValue={practice}
          maxLength={60}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </Form>
  );
}
