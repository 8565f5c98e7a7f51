import Link from "next/link";

import type { NavItem } from "@/components/navigation";

/** A Settings page that lists the pages below it. */
export function SettingsIndex({ trail, title, pages }: { trail?: string; title: string; pages: NavItem[] }) {
  return (
    <>
      <div>
        {trail && <p className="text-sm text-slate-600">{trail}</p>}
        <h1 className="text-2xl font-semibold">{title}</h1>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {pages.map((page) => (
          <li key={page.href}>
            <Link href={page.href} className="block h-full space-y-1 rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
              <span className="block text-lg font-semibold">{page.label}</span>
              <span className="block text-sm text-slate-600">{page.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
