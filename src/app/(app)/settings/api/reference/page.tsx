import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { openApiDocument } from "@/server/api/openapi";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.nav");
  return { title: t("reference") };
}

interface Operation {
  summary: string;
  description?: string;
  "x-required-scope": string;
  /** Absent on an operation that takes none (OpenAPI allows leaving it out). */
  parameters?: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: { "application/json": { schema: unknown; examples?: Record<string, { value: unknown }> } } };
  responses: Record<string, { description: string }>;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The OpenAPI document, rendered: the same document /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await requireWorkspaceContext();
  const [t, nav] = await Promise.all([getTranslations("developers.reference"), getTranslations("developers.nav")]);
  const code = (chunks: ReactNode) => <code className="font-mono">{chunks}</code>;
  const document = openApiDocument();
  // A path item holds more than its operations (the legacy routes' `servers`, say): only HTTP methods are listed.
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <>
      <Card
        title={document.info.title}
        description={t.rich("intro", {
          code,
          link: (chunks) => (
            <a href="/api/v1/openapi.json" className="text-brand-700 underline">
              {chunks}
            </a>
          ),
        })}
      >
        <p className="text-sm text-slate-600">{document.info.description}</p>
      </Card>
      {operations.map(({ path, method, operation }) => (
        <Card key={`${method} ${path}`} title={`${method.toUpperCase()} ${path}`} description={operation.summary}>
          <div className="space-y-3 text-sm text-slate-700">
            {operation.description && <p>{operation.description}</p>}
            <p>
              {t.rich("scope", {
                scope: operation["x-required-scope"],
                badge: (chunks) => <Badge tone={operation["x-required-scope"] === "write" ? "violet" : "gray"}>{chunks}</Badge>,
              })}
            </p>
            {operation.parameters?.length ? (
              <ul className="list-disc pl-5">
                {operation.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    {t.rich(p.required ? "requiredParameter" : "parameter", { name: p.name, location: p.in, code })}
                    {p.description ? `: ${p.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
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
      <div id="webhooks" className="scroll-mt-6">
        <Card
          title={nav("webhooks")}
          description={t.rich("webhooksIntro", {
            shape: "{ id, type, created_at, workspace_id, data }",
            code,
            link: (chunks) => (
              <Link href="/settings/api/webhooks" className="text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })}
        >
          <ul className="space-y-3 text-sm text-slate-700">
            {Object.entries(document.webhooks).map(([type, { post }]) => (
              <li key={type}>
                <code className="font-mono font-medium text-slate-900">{type}</code> — {post.summary}
                <span className="block text-xs text-slate-500">
                  {t("dataFields", { fields: Object.keys(dataProperties(post.requestBody.content["application/json"].schema)).join(", ") })}
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-4 text-xs text-slate-500">
            {t("headers", {
              names:
                Object.values(document.webhooks)[0]
                  ?.post.parameters.map((p) => p.name)
                  .join(", ") ?? "",
            })}
          </p>
        </Card>
      </div>
    </>
  );
}

/** The `data` object's properties of a webhook body schema. */
function dataProperties(schema: unknown): Record<string, unknown> {
  const body = schema as { properties?: { data?: { properties?: Record<string, unknown> } } };
  return body.properties?.data?.properties ?? {};
}
