"use client";

import { useEffect, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { flushSync } from "react-dom";

import { Button } from "@/components/ui/button";
import { useAskBeforeLeaving } from "@/components/ui/close-guard";
import { KeyField } from "@/components/ui/key-field";
import type { OpenedShare } from "@/lib/key-shares";

type Props = { open: (token: string) => Promise<OpenedShare> };

// The token is the link's fragment: read in the browser only, never sent with a page request.
const readToken = () => window.location.hash.slice(1);
const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

const LOST =
  "The key could not be shown: something went wrong on our side. Open the link again to try once more; if it says the link has already been opened, ask Hero support for a new one.";

/** Shows the key only on a click, so a link preview that loads the page does not use it up. */
export function OpenShare({ open }: Props) {
  // null until the page's script has read it: the HTML cannot know, and must not call a good link incomplete.
  const token = useSyncExternalStore<string | null>(subscribe, readToken, () => null);
  const [opened, setOpened] = useState<OpenedShare | null>(null);
  // Each answer mounts its alert afresh (its key), so a second refusal in the same words is read out too.
  const [answers, setAnswers] = useState(0);
  const [pending, startTransition] = useTransition();
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = opened?.ok === true;

  // The key replaces the button: focus moves to it, so a screen reader says what came.
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);

  // The link is used up and the page forgets the key as it goes: until the key is copied, leaving asks first.
  useAskBeforeLeaving(shown && !copied);

  // Shown once: gone before the browser keeps the page for Back (its back/forward cache keeps state).
  useEffect(() => {
    const forget = () => flushSync(() => setOpened(null));
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, []);

  async function show(token: string) {
    try {
      setOpened(await open(token));
    } catch {
      // The link may have been opened and its answer lost: say so rather than a blank failure.
      setOpened({ ok: false, error: LOST });
    }
    setAnswers((count) => count + 1);
  }

  if (opened?.ok) {
    return (
      <section className="space-y-4" aria-labelledby="shared-key">
        <h2 id="shared-key" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
          API key for {opened.partnerName} at {opened.practiceName}
        </h2>
        <p className="text-sm text-slate-700">
          This page shows the key once: copy it now and keep it in your secret store. Send it with every request in the <code>x-api-key</code> header, with the
          practice group ID in <code>x-practice-group-id</code>.
        </p>
        <KeyField value={opened.key} onCopied={() => setCopied(true)} />
        <KeyField
          value={opened.practiceGroupId}
          label="Practice group ID"
          copyLabel="Copy practice group ID"
          what="the practice group ID"
          testId="practice-group-id"
        />
      </section>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-slate-700">
        Hero support has shared an API key with you. The link works once: the key is shown when you press the button, and the link stops working.
      </p>
      {opened && !opened.ok && (
        <p key={answers} role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {opened.error}
        </p>
      )}
      {(!opened || (!opened.ok && opened.retry)) && (
        <Button onClick={() => token && startTransition(() => show(token))} pending={pending} pendingLabel="Opening…" disabled={!token}>
          Show the API key
        </Button>
      )}
      {token === "" && <p className="text-sm text-slate-600">This link is incomplete: open the whole link you were sent.</p>}
      {/* In the HTML, until the script has read the link: what a browser without scripts keeps showing. */}
      {token === null && (
        <p className="text-sm text-slate-600">
          Showing the key needs JavaScript: if the button stays greyed out, turn JavaScript on or open the link in another browser. The link still works.
        </p>
      )}
    </div>
  );
}
