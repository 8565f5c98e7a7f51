"use client";

import { useEffect } from "react";

/**
 * Takes a one-time note's search parameter out of the address once the page has shown it, so a
 * reload, Back or a bookmark does not show the note again (without scripts it stays: harmless).
 */
export function ForgetSearchParam({ name }: { name: string }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has(name)) return;
    url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
  }, [name]);
  return null;
}
