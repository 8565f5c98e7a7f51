import { DocTable } from "@/components/docs/doc-table";
import { TextWithCode } from "@/components/docs/text-with-code";
import type { HeaderDoc } from "@/lib/api/headers";

/** A Header | Description table from lib/api/headers.ts. */
export function HeaderTable({ headers, caption }: { headers: HeaderDoc[]; caption: string }) {
  return (
    <DocTable columns={["Header", "Description"]} caption={caption}>
      {headers.map((header) => (
        <tr key={header.name}>
          <td>
            <code className="font-mono">{header.name}</code>
          </td>
          <td>
            <TextWithCode text={header.description} />
          </td>
        </tr>
      ))}
    </DocTable>
  );
}
