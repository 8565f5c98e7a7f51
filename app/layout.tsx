import type { Metadata } from "next";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hero", template: "%s · Hero" },
  description: "Practice integrations: partner apps and API keys",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
