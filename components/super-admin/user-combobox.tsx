"use client";

import { useEffect, useRef, useState } from "react";

import { searchUsersAction } from "@/app/(dashboard)/settings/super-admin/api-keys/actions";
import { SEARCH_MAX_LENGTH } from "@/lib/limits";
import type { UserOption } from "@/lib/users";

const DEBOUNCE_MS = 250;

type Props = { id: string; selected: UserOption | null; onSelect: (user: UserOption | null) => void; error?: string };

const describe = (user: UserOption) => `${user.name} (${user.username})`;

/**
 * "Search for a User": a type-ahead over users of every practice, searched on the server.
 * Follows the WAI-ARIA combobox pattern: focus stays in the input, the arrow keys move the
 * active option (aria-activedescendant), Enter chooses it, Escape closes the list.
 */
export function UserCombobox({ id, selected, onSelect, error }: Props) {
  const listId = `${id}-listbox`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [text, setText] = useState("");
  const [options, setOptions] = useState<UserOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Answers can arrive out of order: only the latest search may fill the list.
  const latest = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  function search(value: string) {
    clearTimeout(timer.current);
    const request = ++latest.current;
    const query = value.trim();
    if (!query) {
      setOptions([]);
      setOpen(false);
      setStatus("");
      return;
    }
    setStatus("Searching…");
    timer.current = setTimeout(async () => {
      const result = await searchUsersAction({ query });
      if (request !== latest.current) return;
      const users = result.ok ? result.users : [];
      setOptions(users);
      setActive(users.length ? 0 : -1);
      setOpen(users.length > 0);
      if (!result.ok) setStatus(result.error);
      else
        setStatus(
          users.length ? `${users.length} ${users.length === 1 ? "user" : "users"} found. Use the up and down arrow keys to choose.` : "No users match.",
        );
    }, DEBOUNCE_MS);
  }

  function choose(user: UserOption) {
    latest.current++;
    clearTimeout(timer.current);
    onSelect(user);
    setText(describe(user));
    setOptions([]);
    setOpen(false);
    setActive(-1);
    setStatus(`${describe(user)} selected.`);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setOpen(true);
      setActive((index) => (index + step + options.length) % options.length);
    } else if (event.key === "Enter" && open && options[active]) {
      event.preventDefault(); // choose, do not submit the form
      choose(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Search for a User
      </label>
      <p id={hintId} className="text-xs text-slate-600">
        Type a name, email or username, then choose the staff member who will own this key.
      </p>
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          maxLength={SEARCH_MAX_LENGTH}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-required
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (selected) onSelect(null);
            search(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(options.length > 0)}
          className={`block w-full rounded-md border bg-white px-3 py-2 ${error ? "border-red-700" : "border-slate-300"}`}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label="Users"
          hidden={!open}
          className="absolute z-10 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg"
        >
          {options.map((user, index) => (
            <li
              key={user.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              // Keep focus in the input, so the click below does not first close the list.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(user)}
              onMouseMove={() => setActive(index)}
              className={`cursor-pointer px-3 py-2 text-sm ${index === active ? "bg-brand-100 text-brand-900" : ""}`}
            >
              <span className="block font-medium">{describe(user)}</span>
              <span className="block text-xs break-all text-slate-600">
                {user.email} · {user.practiceGroupName}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p role="status" aria-live="polite" className="text-xs text-slate-600" data-testid="user-search-status">
        {status}
      </p>
      {selected && (
        <p className="text-sm" data-testid="selected-owner">
          Owner: <strong>{selected.name}</strong> · <span className="font-mono">{selected.username}</span> · {selected.practiceGroupName}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
