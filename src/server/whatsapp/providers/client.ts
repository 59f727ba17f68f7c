import "server-only";
import { decryptSecret } from "@/server/crypto/secrets";
import { env } from "@/server/env";
import type { Provider } from "../events";

/** What a channel's decrypted credentials may hold, per provider. */
export interface ChannelCredentials {
  /** Meta Cloud API: a system-user access token. */
  accessToken?: string;
  /** 360dialog: D360-API-KEY. Kapso: X-API-Key. */
  apiKey?: string;
}

export function readCredentials(encrypted: string | null): ChannelCredentials {
  return encrypted ? (JSON.parse(decryptSecret(encrypted)) as ChannelCredentials) : {};
}

export interface MediaFile {
  bytes: Uint8Array;
  mimeType: string | null;
  filename?: string | null;
}

export interface MediaReference {
  id: string | null;
  /** A direct URL, when the webhook carried one (Kapso's media_url). */
  url: string | null;
}

/** The body of a Cloud API send, without `messaging_product`/`to` (added per request). */
export type OutboundPayload = { type: string; context?: { message_id: string } } & Record<string, unknown>;

export interface ProviderTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string | null;
  components: unknown[];
}

/**
 * A refusal or failure of a provider's API. `transient` failures (rate
 * limits, 5xx, timeouts, Meta's "try again later" codes) are retried by the
 * job queue; the rest are final and shown to the agent with Meta's code.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** Meta's error as the provider gave it: code, title, its own message and details. */
    readonly details: { code?: number; title?: string; message?: string; details?: string } = {},
    readonly transient = status === null || status === 429 || status >= 500,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** Meta error codes that mean "not now" rather than "never": throttling and temporary outages. */
const TRANSIENT_META_CODES = new Set([1, 2, 4, 17, 80007, 130429, 131000, 131048, 131056, 133004]);

/**
 * The provider interface (DESIGN 9): one implementation per provider,
 * each speaking its real HTTP API at a configurable base URL.
 */
export interface ProviderClient {
  downloadMedia(media: MediaReference): Promise<MediaFile>;
  /** Sends one message to `to` (a wa_id or E.164 digits); returns its wamid. */
  sendMessage(to: string, payload: OutboundPayload): Promise<{ wamid: string }>;
  /** Marks an inbound message read (the customer sees blue ticks). */
  markRead(wamid: string): Promise<void>;
  uploadMedia(file: MediaFile): Promise<{ mediaId: string }>;
  /** The account's templates, or null when this channel cannot list them (no WhatsApp Business Account id). */
  listTemplates(): Promise<ProviderTemplate[] | null>;
}

export interface ChannelAddress {
  provider: Provider;
  phoneNumberId: string;
  wabaId: string | null;
  credentials: ChannelCredentials;
}

const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number; error_user_title?: string; error_data?: { details?: string } };
  // 360dialog's own (non-Graph) errors
  meta?: { developer_message?: string; http_code?: number };
}

/** fetch with a timeout; any non-2xx answer becomes a ProviderError with the provider's own reason. */
export async function request(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ProviderError(`${new URL(url).host} unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => "");
  let body: GraphErrorBody = {};
  try {
    body = JSON.parse(text) as GraphErrorBody;
  } catch {
    // not JSON: the status says enough
  }
  const graph = body.error;
  const reason = graph?.message ?? body.meta?.developer_message;
  const message = `${new URL(url).host} answered ${response.status}${reason ? `: ${reason}` : ""}`;
  const code = graph?.code;
  const transient = response.status === 429 || response.status >= 500 || (code !== undefined && TRANSIENT_META_CODES.has(code));
  throw new ProviderError(
    message,
    response.status,
    { code, title: graph?.error_user_title ?? reason, message: reason, details: graph?.error_data?.details },
    transient,
  );
}

async function bytesOf(response: Response): Promise<MediaFile> {
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_MEDIA_BYTES) throw new ProviderError(`media of ${length} bytes is over the limit`, null, {}, false);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, mimeType: response.headers.get("content-type") };
}

/** What differs between providers: where the Cloud API lives and how to authenticate. */
interface CloudApiRoutes {
  headers: Record<string, string>;
  /** Base for `/messages` and `/media` of this number. */
  numberBase: string;
  /** Base for `/{media-id}` lookups. */
  mediaLookupBase: string;
  /** Rewrites the lookaside URL of a media lookup, when it must go through the provider's host. */
  rewriteMediaUrl?: (url: string) => string;
  templatesUrl: string | null;
  parseTemplates: (body: unknown) => ProviderTemplate[];
}

interface GraphTemplate {
  id?: string;
  name?: string;
  language?: string;
  status?: string;
  category?: string;
  components?: unknown[];
}

function toTemplates(list: GraphTemplate[] | undefined): ProviderTemplate[] {
  return (list ?? []).flatMap((t) =>
    t.name && t.language
      ? [
          {
            id: t.id ?? `${t.name}:${t.language}`,
            name: t.name,
            language: t.language,
            status: t.status ?? "PENDING",
            category: t.category ?? null,
            components: t.components ?? [],
          },
        ]
      : [],
  );
}

function routesFor(channel: ChannelAddress): CloudApiRoutes {
  const config = env();
  const trim = (url: string) => url.replace(/\/$/, "");
  const number = encodeURIComponent(channel.phoneNumberId);
  const waba = channel.wabaId ? encodeURIComponent(channel.wabaId) : null;
  switch (channel.provider) {
    case "meta": {
      const base = trim(config.META_GRAPH_URL);
      return {
        headers: { authorization: `Bearer ${channel.credentials.accessToken ?? ""}` },
        numberBase: `${base}/${number}`,
        mediaLookupBase: base,
        templatesUrl: waba && `${base}/${waba}/message_templates?limit=250`,
        parseTemplates: (body) => toTemplates((body as { data?: GraphTemplate[] }).data),
      };
    }
    case "360dialog": {
      // 360dialog's Cloud API is scoped to the number by its key: no number in the path.
      const base = trim(config.DIALOG360_API_URL);
      return {
        headers: { "D360-API-KEY": channel.credentials.apiKey ?? "" },
        numberBase: base,
        mediaLookupBase: base,
        rewriteMediaUrl: (url) => {
          const original = new URL(url);
          return `${base}${original.pathname}${original.search}`;
        },
        templatesUrl: `${base}/v1/configs/templates`,
        parseTemplates: (body) => toTemplates((body as { waba_templates?: GraphTemplate[] }).waba_templates),
      };
    }
    case "kapso": {
      // Kapso proxies Meta's API one to one under its own host, with X-API-Key. Numbers connected
      // through our setup links store no key: they are sent with our project's key.
      const base = trim(config.KAPSO_API_URL);
      return {
        headers: { "X-API-Key": channel.credentials.apiKey ?? config.KAPSO_API_KEY ?? "" },
        numberBase: `${base}/${number}`,
        mediaLookupBase: base,
        templatesUrl: waba && `${base}/${waba}/message_templates?limit=250`,
        parseTemplates: (body) => toTemplates((body as { data?: GraphTemplate[] }).data),
      };
    }
  }
}

export async function postJson(url: string, headers: Record<string, string>, body: unknown) {
  const response = await request(url, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json().catch(() => ({}))) as Record<string, unknown>;
}

export function providerClient(channel: ChannelAddress): ProviderClient {
  const routes = routesFor(channel);
  const { headers } = routes;
  return {
    async downloadMedia(media) {
      // Kapso's webhooks carry a direct URL; everyone else needs the Graph lookup first.
      if (media.url && channel.provider === "kapso") return bytesOf(await request(media.url, { headers }));
      if (!media.id) throw new ProviderError("message has no media id", null, {}, false);
      const lookup = (await (await request(`${routes.mediaLookupBase}/${encodeURIComponent(media.id)}`, { headers })).json()) as {
        url?: string;
        mime_type?: string;
      };
      if (!lookup.url) throw new ProviderError("media lookup returned no url", null);
      const file = await bytesOf(await request(routes.rewriteMediaUrl?.(lookup.url) ?? lookup.url, { headers }));
      return { ...file, mimeType: lookup.mime_type ?? file.mimeType };
    },

    async sendMessage(to, payload) {
      const body = await postJson(`${routes.numberBase}/messages`, headers, {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        ...payload,
      });
      const wamid = (body.messages as { id?: string }[] | undefined)?.[0]?.id;
      if (!wamid) throw new ProviderError("the provider accepted the message but returned no id", null);
      return { wamid };
    },

    async markRead(wamid) {
      await postJson(`${routes.numberBase}/messages`, headers, { messaging_product: "whatsapp", status: "read", message_id: wamid });
    },

    async uploadMedia(file) {
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("type", file.mimeType ?? "application/octet-stream");
      form.set(
        "file",
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType ?? "application/octet-stream" }),
        file.filename ?? "file",
      );
      const response = await request(`${routes.numberBase}/media`, { method: "POST", headers, body: form });
      const { id } = (await response.json()) as { id?: string };
      if (!id) throw new ProviderError("media upload returned no id", null);
      return { mediaId: id };
    },

    async listTemplates() {
      if (!routes.templatesUrl) return null;
      const response = await request(routes.templatesUrl, { headers });
      return routes.parseTemplates(await response.json());
    },
  };
}
