import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { openApiDocument } from "@/server/api/openapi";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "API reference" };

interface Operation {
  summary: string;
  description?: string;
  "x-required-scope": string;
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: { "application/json": { schema: unknown; examples?: Record<string, { value: unknown }> } } };
  responses: Record<string, { description: string }>;
}

/** The OpenAPI document, rendered: the same document /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await requireWorkspaceContext();
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <>
      <Card
        title={document.info.title}
        description={
          <>
            Base URL <code className="font-mono">/api/v1</code>, header <code className="font-mono">Authorization: Bearer cv_…</code>.
            Machine-readable:{" "}
            <a href="/api/v1/openapi.json" className="text-brand-700 underline">
              openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </>
        }
      >
        <p className="text-sm text-slate-600">{document.info.description}</p>
      </Card>
      {operations.map(({ path, method, operation }) => (
        <Card key={`${method} ${path}`} title={`${method.toUpperCase()} ${path}`} description={operation.summary}>
          <div className="space-y-3 text-sm text-slate-700">
            {operation.description && <p>{operation.description}</p>}
            <p>
              Scope: <Badge tone={operation["x-required-scope"] === "write" ? "violet" : "gray"}>{operation["x-required-scope"]}</Badge>
            </p>
            {operation.parameters.length > 0 && (
              <ul className="list-disc pl-5">
                {operation.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code className="font-mono">{p.name}</code> ({p.in}
                    {p.required ? ", required" : ""}){p.description ? `: ${p.description}` : ""}
                  </li>
                ))}
              </ul>
            )}
            {Object.values(operation.requestBody?.content["application/json"].examples ?? {}).map((example, index) => (
              <pre key={String(index)} className="overflow-x-auto rounded bg-slate-50 p-3 font-mono text-xs">
                {JSON.stringify(example.value, null, 2)}
              </pre>
            ))}
            <ul className="text-xs text-slate-500">
              {Object.entries(operation.responses).map(([status, response]) => (
                <li key={status}>
                  <strong>{status}</strong> {response.description}
                </li>
              ))}
            </ul>
          </div>
        </Card>
      ))}
    </>
  );
}
