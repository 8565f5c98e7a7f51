// GET /settings/super-admin/audit-log/export?…: the filtered audit log as CSV, for super admins.
// Anyone else gets the same 404 as a page that does not exist.
import { auditLogCsv, listAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { AUDIT_LOG_EXPORT_MAX } from "@/lib/limits";
import { getCurrentUser, isSuperAdmin } from "@/lib/session";

export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user || !isSuperAdmin(user)) return new Response("Not found", { status: 404 });
  const filters = parseAuditLogParams(Object.fromEntries(new URL(request.url).searchParams));
  const { rows } = await listAuditLog({ ...filters, page: 1 }, AUDIT_LOG_EXPORT_MAX);
  return new Response(auditLogCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="hero-audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
