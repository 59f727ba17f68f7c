import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Kapso's Platform API (https://api.kapso.ai/platform/v1) as a local fake,
 * in its wire format (docs.kapso.ai/api/platform/v1): `X-API-Key`,
 * `{ data: … }` answers, `{ error }` refusals. It holds customers, setup
 * links, the numbers customers connected and the webhooks registered on
 * them. The hosted setup page is `GET /setup/{link id}`: it "connects" the
 * next number queued with `nextSetup` and redirects the browser to the
 * link's success URL with the query parameters Kapso sends (or to the
 * failure URL with an `error_code`). Mounted by tests/support/fake-provider.ts
 * (Vitest) and e2e/fake-provider.ts (browser tests).
 */

export interface FakeKapsoNumber {
  phone_number_id: string;
  /** Null: a number of the project itself, under no customer. */
  customer_id: string | null;
  business_account_id: string;
  display_phone_number: string;
  verified_name: string;
  is_coexistence: boolean;
}

export interface FakeSetupLink {
  id: string;
  customer_id: string;
  url: string;
  status: "active" | "completed" | "revoked";
  success_redirect_url: string;
  failure_redirect_url: string;
  allowed_connection_types: string[];
  provision_phone_number: boolean;
  theme_config: Record<string, unknown>;
  expires_at: string;
  created_at: string;
}

export interface FakeKapsoWebhook {
  id: string;
  phone_number_id: string;
  url: string;
  secret_key: string;
  events: string[];
  payload_version: string;
  kind: string;
  active: boolean;
}

type Outcome = { number: Omit<FakeKapsoNumber, "customer_id"> } | { errorCode: string };

const error = (status: number, message: string) => ({ status, body: { error: message } });

export function createFakeKapsoPlatform(options: { apiKey: string; basePath: string }) {
  const customers = new Map<string, { id: string; name: string; external_customer_id: string | null }>();
  const setupLinks = new Map<string, FakeSetupLink>();
  const numbers: FakeKapsoNumber[] = [];
  const webhooks: FakeKapsoWebhook[] = [];
  const outcomes: Outcome[] = [];
  // Each API key is a Kapso project: it sees its own numbers only. Ours (options.apiKey) holds the setup links'.
  const projectOf = new Map<string, string>();
  const projectKeys = new Set([options.apiKey]);
  let origin = "";

  function api(method: string, path: string, query: URLSearchParams, json: Record<string, unknown> | null, apiKey: string) {
    const inProject = (number: FakeKapsoNumber) => (projectOf.get(number.phone_number_id) ?? options.apiKey) === apiKey;
    if (method === "POST" && path === "/customers") {
      const input = (json?.customer ?? {}) as { name?: string; external_customer_id?: string };
      if (!input.name) return error(422, "Name can't be blank");
      const customer = { id: randomUUID(), name: input.name, external_customer_id: input.external_customer_id ?? null };
      customers.set(customer.id, customer);
      return { status: 201, body: { data: { ...customer, created_at: new Date().toISOString() } } };
    }
    const linkPath = path.match(/^\/customers\/([^/]+)\/setup_links$/);
    if (method === "POST" && linkPath) {
      const customerId = decodeURIComponent(linkPath[1] ?? "");
      if (!customers.has(customerId)) return error(404, "Customer not found");
      const input = (json?.setup_link ?? {}) as Partial<FakeSetupLink>;
      // Creating a link revokes the customer's earlier active ones, as Kapso does.
      for (const link of setupLinks.values()) if (link.customer_id === customerId && link.status === "active") link.status = "revoked";
      const id = randomUUID();
      const link: FakeSetupLink = {
        id,
        customer_id: customerId,
        url: `${origin}${options.basePath}/setup/${id}`,
        status: "active",
        success_redirect_url: input.success_redirect_url ?? "",
        failure_redirect_url: input.failure_redirect_url ?? "",
        allowed_connection_types: input.allowed_connection_types ?? ["coexistence", "dedicated"],
        provision_phone_number: input.provision_phone_number ?? false,
        theme_config: input.theme_config ?? {},
        expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        created_at: new Date().toISOString(),
      };
      setupLinks.set(id, link);
      return { status: 201, body: { data: { ...link, whatsapp_setup_status: "pending", whatsapp_setup_error: null } } };
    }
    if (method === "GET" && path === "/whatsapp/phone_numbers") {
      const customerId = query.get("customer_id");
      const data = numbers.filter((n) => inProject(n) && (!customerId || n.customer_id === customerId)).reverse();
      return {
        status: 200,
        body: { data: data.map(phoneNumberBody), meta: { page: 1, per_page: 20, total_pages: 1, total_count: data.length } },
      };
    }
    const numberPath = path.match(/^\/whatsapp\/phone_numbers\/([^/]+)(\/webhooks)?$/);
    if (numberPath) {
      const number = numbers.find((n) => inProject(n) && n.phone_number_id === decodeURIComponent(numberPath[1] ?? ""));
      if (!number) return error(404, "Phone number not found");
      if (method === "GET" && !numberPath[2]) return { status: 200, body: { data: phoneNumberBody(number) } };
      if (method === "POST" && numberPath[2]) {
        const input = (json?.whatsapp_webhook ?? {}) as Partial<FakeKapsoWebhook>;
        if (!input.url || !input.events?.length) return error(422, "url and events are required");
        const webhook: FakeKapsoWebhook = {
          id: randomUUID(),
          phone_number_id: number.phone_number_id,
          url: input.url,
          secret_key: input.secret_key ?? randomBytes(16).toString("hex"),
          events: input.events,
          payload_version: input.payload_version ?? "v1",
          kind: input.kind ?? "kapso",
          active: input.active ?? true,
        };
        webhooks.push(webhook);
        return { status: 201, body: { data: { ...webhook, headers: {}, buffer_enabled: false, created_at: new Date().toISOString() } } };
      }
    }
    return error(404, `No route ${method} ${path}`);
  }

  /** The hosted setup page: the customer "finishes" and is sent back with Kapso's query parameters. */
  function hostedSetup(linkId: string): string | null {
    const link = setupLinks.get(linkId);
    if (!link) return null;
    if (link.status !== "active")
      return `${link.failure_redirect_url}${sep(link.failure_redirect_url)}error_code=${link.status === "completed" ? "already_used" : "link_expired"}`;
    const outcome = outcomes.shift() ?? { number: generatedNumber() };
    if ("errorCode" in outcome) return `${link.failure_redirect_url}${sep(link.failure_redirect_url)}error_code=${outcome.errorCode}`;
    const number = { ...outcome.number, customer_id: link.customer_id };
    numbers.push(number);
    link.status = "completed";
    const params = new URLSearchParams({
      setup_link_id: link.id,
      status: "completed",
      phone_number_id: number.phone_number_id,
      business_account_id: number.business_account_id,
      display_phone_number: number.display_phone_number,
      ...(link.provision_phone_number ? { provisioned_phone_number_id: randomUUID() } : {}),
    });
    return `${link.success_redirect_url}${sep(link.success_redirect_url)}${params}`;
  }

  return {
    apiKey: options.apiKey,
    customers,
    setupLinks,
    numbers,
    webhooks,
    /** The absolute origin links point at (set once the server listens). */
    setOrigin(value: string) {
      origin = value;
    },
    /** What the next customer finishing a hosted setup page connects (or the error they hit). */
    nextSetup(outcome: Outcome) {
      outcomes.push(outcome);
    },
    hostedSetup,
    /** A number already on Kapso (connected in Kapso's dashboard), in our project or in the one of `apiKey`. */
    addExistingNumber(number: Omit<FakeKapsoNumber, "customer_id"> & { customer_id?: string | null }, apiKey = options.apiKey) {
      projectKeys.add(apiKey);
      projectOf.set(number.phone_number_id, apiKey);
      numbers.push({ ...number, customer_id: number.customer_id ?? null });
    },
    /** Handles a request under the base path; false when the path is not Kapso's platform. */
    async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
      const url = new URL(request.url ?? "/", "http://fake");
      if (!url.pathname.startsWith(`${options.basePath}/`)) return false;
      const path = url.pathname.slice(options.basePath.length);
      const send = (status: number, body: unknown) =>
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const setup = path.match(/^\/setup\/([^/]+)$/);
      if (request.method === "GET" && setup) {
        const location = hostedSetup(decodeURIComponent(setup[1] ?? ""));
        if (!location) send(404, { error: "Setup link not found" });
        else response.writeHead(302, { location }).end();
        return true;
      }
      const apiKey = request.headers["x-api-key"];
      if (typeof apiKey !== "string" || !projectKeys.has(apiKey)) {
        send(401, { error: "Invalid API key" });
        return true;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      let json: Record<string, unknown> | null = null;
      if (chunks.length > 0) {
        try {
          json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        } catch {
          send(400, { error: "Invalid JSON" });
          return true;
        }
      }
      const answer = api(request.method ?? "GET", path, url.searchParams, json, apiKey);
      send(answer.status, answer.body);
      return true;
    },
  };
}

export type FakeKapsoPlatform = ReturnType<typeof createFakeKapsoPlatform>;

const sep = (url: string) => (url.includes("?") ? "&" : "?");

function phoneNumberBody(number: FakeKapsoNumber) {
  return {
    id: number.phone_number_id,
    phone_number_id: number.phone_number_id,
    name: number.verified_name,
    business_account_id: number.business_account_id,
    is_coexistence: number.is_coexistence,
    customer_id: number.customer_id,
    display_name: number.verified_name,
    display_phone_number: number.display_phone_number,
    display_phone_number_normalized: number.display_phone_number.replace(/\D/g, ""),
    verified_name: number.verified_name,
    quality_rating: "GREEN",
    status: "CONNECTED",
  };
}

/** A plausible new number: Meta-style numeric ids and an Indonesian mobile. */
export function generatedNumber(): Omit<FakeKapsoNumber, "customer_id"> {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  return {
    phone_number_id: `1${digits(14)}`,
    business_account_id: `2${digits(14)}`,
    display_phone_number: `+62 812-${digits(4)}-${digits(4)}`,
    verified_name: "Toko Baru",
    is_coexistence: false,
  };
}
