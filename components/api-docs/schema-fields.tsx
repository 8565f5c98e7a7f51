import { DocTable } from "@/components/api-docs/doc-table";
import { constraintsOf, typeOf, type JsonSchema } from "@/components/api-docs/json-schema";

/** A table of an object schema's fields: name (* when required), type, and notes. */
export function SchemaFields({ schema, caption }: { schema: JsonSchema; caption: string }) {
  const fields = Object.entries(schema.properties ?? {});
  if (!fields.length) return null;
  return (
    <DocTable caption={caption} columns={["Field", "Type", "Notes"]}>
      {fields.map(([name, field]) => (
        <tr key={name} className="border-t border-slate-100 align-top">
          <td className="py-1 pr-4 font-mono whitespace-nowrap">
            {name}
            {schema.required?.includes(name) && (
              <>
                <span aria-hidden className="text-red-700">
                  {" "}
                  *
                </span>
                <span className="sr-only"> (required)</span>
              </>
            )}
          </td>
          <td className="py-1 pr-4 font-mono text-xs break-words">{typeOf(field)}</td>
          <td className="py-1 text-slate-700">{[field.description, ...constraintsOf(field)].filter(Boolean).join(" · ")}</td>
        </tr>
      ))}
    </DocTable>
  );
}
