import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { ERROR_CAUSES } from "@/lib/api/openapi";

/** Every error code the API answers with, in the seeds' Status | Error | Cause layout. */
export function ErrorTable() {
  const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Status
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Error
            </th>
            <th scope="col" className="py-1 font-medium">
              Cause
            </th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => (
            <tr key={code} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-4 font-mono">{ERROR_STATUS[code]}</td>
              <td className="py-1 pr-4 font-mono">{code}</td>
              <td className="py-1">{ERROR_CAUSES[code]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
