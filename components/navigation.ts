// The dashboard's menu, in the seeds' menu paths: Settings > My Practice and
// Settings > Super admin > API keys. The sidebar and the Settings pages list the same entries.
export type NavItem = { href: string; label: string; description: string };

export const SETTINGS_PAGE: NavItem = { href: "/settings", label: "Settings", description: "Your practice and, for Hero staff, the super admin pages." };

export const MY_PRACTICE_PAGE: NavItem = {
  href: "/settings/my-practice",
  label: "My Practice",
  description: "Practice details, the practice group ID and API keys.",
};

export const SUPER_ADMIN_PAGE: NavItem = { href: "/settings/super-admin", label: "Super admin", description: "Hero support across every practice." };

export const SUPER_ADMIN_PAGES: NavItem[] = [
  { href: "/settings/super-admin/api-keys", label: "API keys", description: "User-owned API keys: view, edit, delete and create new keys." },
  {
    href: "/settings/super-admin/practices",
    label: "Practices",
    description: "Every practice: its partner keys, to rotate, revoke, disconnect or share again.",
  },
  { href: "/settings/super-admin/partners", label: "Partners", description: "Partners, the scopes they may be granted, and suspending a partner." },
  { href: "/settings/super-admin/networks", label: "Networks", description: "Hero-configured networks for cross-organisational calls." },
  { href: "/settings/super-admin/audit-log", label: "Audit log", description: "Every audit event of every practice, filtered and exported as CSV." },
  { href: "/settings/super-admin/requests", label: "Requests", description: "An API request, by the x-request-id a partner quotes to Hero support." },
];

export type MenuEntry = { href: string; label: string; depth: 0 | 1 | 2 };

/** The sidebar's entries, in order, each at its depth in the menu path. */
export function menuEntries(showSuperAdmin: boolean): MenuEntry[] {
  return [
    { href: "/dashboard", label: "Dashboard", depth: 0 },
    { href: "/apps", label: "Apps", depth: 0 },
    { ...SETTINGS_PAGE, depth: 0 },
    { ...MY_PRACTICE_PAGE, depth: 1 },
    ...(showSuperAdmin ? [{ ...SUPER_ADMIN_PAGE, depth: 1 as const }, ...SUPER_ADMIN_PAGES.map((page) => ({ ...page, depth: 2 as const }))] : []),
    { href: "/docs", label: "API docs", depth: 0 },
  ];
}
