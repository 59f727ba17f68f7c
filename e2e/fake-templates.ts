/**
 * WhatsApp's template API for browser tests, served by e2e/fake-provider.ts
 * at the providers' bases (all at the fake's root): Meta's and Kapso's
 * `GET|POST /{waba_id}/message_templates`, 360dialog's
 * `GET|POST /v1/configs/templates`, and the Resumable Upload API for
 * header samples (`POST /{app_id}/uploads` or 360dialog's `POST /uploads`,
 * then `POST /upload:…` → `{ h }`). A test plays Meta's reviewer with
 * `approveFakeTemplate`, which approves a submitted template here and posts
 * the `message_template_status_update` webhook to the app.
 *
 * Only accounts that had a template submitted here are listed: the demo
 * workspace's seeded templates are the app's own data, and a sync against
 * an empty list here would delete them under the other specs' feet.
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { metaTemplateChange } from "../scripts/webhooks/payloads";
import { postWebhook, type Target } from "../scripts/webhooks/send";
import { FAKE_PROVIDER_URL } from "./support";

interface StoredTemplate {
  id: string;
  /** The WABA (Meta, Kapso) or the 360dialog key it was submitted under. */
  account: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown[];
  parameter_format: string;
}

const templates: StoredTemplate[] = [];
let counter = 0;

type Answer = { status: number; body: unknown } | null;

const graphError = (message: string) => ({ status: 400, body: { error: { message, type: "OAuthException", code: 100 } } });

function create(account: string, body: Record<string, unknown>): Answer {
  const { name, language, category, components } = body as { name?: string; language?: string; category?: string; components?: unknown[] };
  if (!name || !/^[a-z0-9_]+$/.test(name) || !language || !category || !Array.isArray(components)) {
    return graphError("(#100) name, language, category and components are required");
  }
  if (templates.some((t) => t.account === account && t.name === name && t.language === language)) {
    return {
      status: 400,
      body: {
        error: {
          message: "Invalid parameter",
          type: "OAuthException",
          code: 100,
          error_subcode: 2388024,
          error_user_title: "Content in this language already exists",
          error_user_msg: `There is already ${language} content for this template (${name}).`,
        },
      },
    };
  }
  counter += 1;
  const id = String(1_200_000_000_000_000 + counter);
  templates.push({
    id,
    account,
    name,
    language,
    category,
    status: "PENDING",
    components,
    parameter_format: String(body.parameter_format ?? "POSITIONAL"),
  });
  return { status: 200, body: { id, status: "PENDING", category } };
}

function list(account: string, dialog360: boolean): Answer {
  const mine = templates.filter((t) => t.account === account);
  if (mine.length === 0) return null;
  const data = mine.map(({ account: _, ...t }) => t);
  return dialog360
    ? { status: 200, body: { count: data.length, offset: 0, limit: 1000, total: data.length, waba_templates: data } }
    : { status: 200, body: { data, paging: { cursors: { before: "MA==", after: "MA==" } } } };
}

/** Answers a template request of the fake provider, or null when the request is not one. */
export function handleTemplateRequest(method: string, url: URL, headers: IncomingHttpHeaders, raw: Buffer): Answer {
  const path = url.pathname;
  const json = () => {
    try {
      return JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  if (method === "POST" && path === "/__templates/approve") {
    const { name, status = "APPROVED" } = json() as { name?: string; status?: string };
    const template = templates.findLast((t) => t.name === name);
    if (!template) return { status: 404, body: { error: `no submitted template ${name}` } };
    template.status = status;
    return { status: 200, body: template };
  }
  if (method === "GET" && path === "/__templates") return { status: 200, body: templates };

  const key = String(headers["d360-api-key"] ?? "");
  if (path === "/v1/configs/templates") return method === "POST" ? create(`360:${key}`, json()) : list(`360:${key}`, true);
  const waba = path.match(/^\/([^/]+)\/message_templates$/)?.[1];
  if (waba) return method === "POST" ? create(waba, json()) : list(waba, false);

  if (method === "POST" && (/^\/\d+\/uploads$/.test(path) || path === "/uploads")) {
    const length = Number(url.searchParams.get("file_length"));
    if (!(length > 0) || !url.searchParams.get("file_type")) return graphError("(#100) file_length and file_type are required");
    return {
      status: 200,
      body: { id: `upload:${Buffer.from(String(length)).toString("base64url")}?sig=${randomBytes(4).toString("hex")}` },
    };
  }
  if (method === "POST" && path.startsWith("/upload:")) {
    const length = Number(Buffer.from(path.slice("/upload:".length), "base64url").toString("utf8"));
    if (headers.file_offset !== "0" || raw.byteLength !== length) return graphError("(#100) The upload does not match its session");
    return { status: 200, body: { h: `4::${randomBytes(16).toString("base64url")}` } };
  }
  return null;
}

/**
 * Meta's reviewer, for a browser test: approves (or sets `status` on) the
 * template submitted under `name`, then posts its
 * `message_template_status_update` webhook to the app as `target` (for
 * the demo's Meta number: provider "meta", secret "demo-meta-app-secret").
 */
export async function approveFakeTemplate(target: Target, name: string, status = "APPROVED") {
  const response = await fetch(`${FAKE_PROVIDER_URL}/__templates/approve`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, status }),
  });
  if (!response.ok) throw new Error(`fake provider: ${await response.text()}`);
  const template = (await response.json()) as StoredTemplate;
  const webhook = metaTemplateChange(
    template.account,
    "message_template_status_update",
    { id: template.id, name: template.name, language: template.language },
    { event: status, reason: status === "REJECTED" ? "INVALID_FORMAT" : "NONE" },
  );
  const posted = await postWebhook(target, webhook);
  if (posted.status !== 200) throw new Error(`the app refused the template webhook: ${posted.status} ${posted.body}`);
  return template;
}
