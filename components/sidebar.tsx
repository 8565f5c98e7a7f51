"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { menuEntries, type MenuEntry } from "@/components/navigation";

const INDENT = ["font-medium", "md:pl-6", "md:pl-9"] as const;

/** The entry the page is, or is under (Apps for Apps > TriageFirst): the deepest whose path the page's starts with. */
function currentEntry(pathname: string, entries: MenuEntry[]) {
  const under = entries.filter(({ href }) => pathname === href || pathname.startsWith(`${href}/`));
  return under.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** Dashboard, Apps, Settings (My Practice; Super admin and its pages, for super admins), API docs. */
export function Sidebar({ showSuperAdmin }: { showSuperAdmin: boolean }) {
  const pathname = usePathname();
  const entries = menuEntries(showSuperAdmin);
  const current = currentEntry(pathname, entries);
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 md:block md:space-y-1">
      {entries.map(({ href, label, depth }) => {
        const page = pathname === href;
        // A page under the entry (a partner, a practice): marked for screen readers and by more than colour.
        const section = !page && current === href;
        return (
          <Link
            key={href}
            href={href}
            aria-current={page ? "page" : section ? "true" : undefined}
            className={`block rounded-md border-l-4 px-3 py-2 text-sm ${INDENT[depth]} ${page ? "border-brand-600 bg-brand-100 text-brand-900" : section ? "border-brand-600 font-semibold text-brand-900" : "border-transparent text-slate-700 hover:bg-slate-100"}`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
