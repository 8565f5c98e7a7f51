"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

type Status = { text: string; path: string; id: number };

/** `path`: the page it belongs to, when the action goes on to another (Create goes to what it made). */
type Announce = (text: string, path?: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/**
 * The outcome of the last action, said once in a polite status message at the top of the page,
 * with focus moved to it: after a dialog closes or a row disappears, focus would otherwise fall
 * to the page. A message belongs to the page it was said on.
 */
export function StatusProvider({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const [status, setStatus] = useState<Status | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  const announce = useCallback<Announce>((text, path = window.location.pathname) => setStatus((previous) => ({ text, path, id: (previous?.id ?? 0) + 1 })), []);
  const shown = status && status.path === pathname ? status.text : "";

  // Runs after the dialogs' own effects (children first), so it wins over their focus restore;
  // for a message said for the next page, once that page is shown; once per message, so coming
  // back to its page later does not take focus again.
  const focused = useRef(0);
  useEffect(() => {
    if (!shown || !status || focused.current === status.id) return;
    focused.current = status.id;
    ref.current?.focus();
  }, [status, shown]);

  return (
    <AnnounceContext value={announce}>
      <p
        ref={ref}
        role="status"
        tabIndex={-1}
        data-testid="status-message"
        className={shown ? "rounded-md bg-green-50 p-3 text-sm font-medium text-green-900" : "sr-only"}
      >
        {shown}
      </p>
      {children}
    </AnnounceContext>
  );
}

/** Says what an action did, in the page's status message. */
export function useAnnounce() {
  return useContext(AnnounceContext);
}
