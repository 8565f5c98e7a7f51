import type { Metadata } from "next";

import { OpenShare } from "@/components/share/open-share";

import { openShareAction } from "./actions";

export const metadata: Metadata = {
  title: "Your API key",
  description: "A one-time link from Hero support to your API key.",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default function SharePage() {
  return (
    <main className="mx-auto max-w-xl space-y-6 p-4 sm:p-8">
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Hero</p>
      <h1 className="text-2xl font-semibold">Your API key</h1>
      <OpenShare open={openShareAction} />
    </main>
  );
}
