"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

type Status = { text: string; path: string; id: number };

const AnnounceContext = createContext<(text: string) => void>(() => {});

/**
 * The outcome of the last action, said once in a polite status message at the top of the page,
 * with focus moved to it: after a dialog closes or a row disappears, focus would otherwise fall
 * to the page. A message belongs to the page it was said on.
 */
export function StatusProvider({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const [status, setStatus] = useState<Status | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  const announce = useCallback((text: string) => setStatus((previous) => ({ text, path: window.location.pathname, id: (previous?.id ?? 0) + 1 })), []);

  // Runs after the dialogs' own effects (children first), so it wins over their focus restore.
  useEffect(() => {
    if (status) ref.current?.focus();
  }, [status]);

  const shown = status && status.path === pathname ? status.text : "";
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
