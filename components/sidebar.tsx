"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { MY_PRACTICE_PAGE, SETTINGS_PAGE, SUPER_ADMIN_PAGE, SUPER_ADMIN_PAGES, type NavItem } from "@/components/navigation";

const INDENT = ["font-medium", "md:pl-6", "md:pl-9"] as const;
const DASHBOARD = { href: "/dashboard", label: "Dashboard" };
const APPS = { href: "/apps", label: "Apps" };
const DOCS = { href: "/docs", label: "API docs" };

/** The entry the page is, or is under (Apps for Apps > TriageFirst): the deepest whose path the page's starts with. */
function currentEntry(pathname: string, hrefs: string[]) {
  const under = hrefs.filter((href) => pathname === href || pathname.startsWith(`${href}/`));
  return under.sort((a, b) => b.length - a.length)[0];
}

function NavLink({ item, depth = 0, current }: { item: Pick<NavItem, "href" | "label">; depth?: 0 | 1 | 2; current: string | undefined }) {
  const pathname = usePathname();
  const page = pathname === item.href;
  // A page under the entry (a partner, a practice): marked for screen readers and by more than colour.
  const section = !page && current === item.href;
  return (
    <Link
      href={item.href}
      aria-current={page ? "page" : section ? "true" : undefined}
      className={`block rounded-md border-l-4 px-3 py-2 text-sm ${INDENT[depth]} ${page ? "border-brand-600 bg-brand-100 text-brand-900" : section ? "border-brand-600 font-semibold text-brand-900" : "border-transparent text-slate-700 hover:bg-slate-100"}`}
    >
      {item.label}
    </Link>
  );
}

/** Dashboard, Apps, Settings (My Practice; Super admin and its pages, for super admins), API docs. */
export function Sidebar({ showSuperAdmin }: { showSuperAdmin: boolean }) {
  const pathname = usePathname();
  const entries = [DASHBOARD, APPS, SETTINGS_PAGE, MY_PRACTICE_PAGE, ...(showSuperAdmin ? [SUPER_ADMIN_PAGE, ...SUPER_ADMIN_PAGES] : []), DOCS];
  const current = currentEntry(
    pathname,
    entries.map((entry) => entry.href),
  );
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 md:block md:space-y-1">
      <NavLink item={DASHBOARD} current={current} />
      <NavLink item={APPS} current={current} />
      <NavLink item={SETTINGS_PAGE} current={current} />
      <NavLink item={MY_PRACTICE_PAGE} depth={1} current={current} />
      {showSuperAdmin && (
        <>
          <NavLink item={SUPER_ADMIN_PAGE} depth={1} current={current} />
          {SUPER_ADMIN_PAGES.map((item) => (
            <NavLink key={item.href} item={item} depth={2} current={current} />
          ))}
        </>
      )}
      <NavLink item={DOCS} current={current} />
    </nav>
  );
}
