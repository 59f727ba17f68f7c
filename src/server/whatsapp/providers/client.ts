import "server-only";
import { z } from "zod";
import { decryptSecret } from "@/server/crypto/secrets";
import { readBodyWithin } from "@/server/http/read-body";
import { refusalOf, type SafeFetch, type SafeFetchInit, safeFetch } from "@/server/net/outbound";

/**
 * What every provider adapter shares: the error type, the HTTP call that
 * turns a refusal into it, parsing of answers with zod, and the Cloud API
 * client that Meta, 360dialog and Kapso all speak (each at its own base,
 * with its own authentication: see meta.ts, dialog360.ts, kapso.ts).
 */

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
  /** Meta's quality_score: GREEN, YELLOW, RED or UNKNOWN; null when not given. */
  quality: string | null;
  parameterFormat: "POSITIONAL" | "NAMED";
  /** Why Meta rejected it, when it did (NONE counts as none). */
  rejectedReason: string | null;
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
    readonly details: { code?: number; title?: string; message?: string; details?: string; userMessage?: string } = {},
    readonly transient = status === null || status === 429 || status >= 500,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ProviderError";
  }
}

/** Meta error codes that mean "not now" rather than "never": throttling and temporary outages. */
const TRANSIENT_META_CODES = new Set([1, 2, 4, 17, 80007, 130429, 131000, 131048, 131056, 133004]);

/** A channel as the send side sees it: its provider, number, WABA and decrypted credentials. */
export interface ChannelAddress {
  provider: string;
  phoneNumberId: string;
  wabaId: string | null;
  credentials: ChannelCredentials;
}

/** A new template, as Meta's template API takes it (components: header, body, footer, buttons). */
export interface TemplateSubmission {
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  /** Sent only for NAMED ({{first_name}}); POSITIONAL is Meta's default. */
  parameter_format?: "NAMED";
  components: unknown[];
}

/** Meta's answer to a new template: its id and review status (PENDING, or APPROVED at once for some). */
export interface SubmittedTemplate {
  id: string;
  status: string;
  category: string | null;
}

/** Sending and media for one channel, speaking its provider's HTTP API at a configurable base URL. */
export interface ProviderClient {
  /** The bytes of an inbound message's media. The one place each provider downloads media. */
  downloadMedia(media: MediaReference): Promise<MediaFile>;
  /** Sends one message (text, media by id, template) to `to` (a wa_id or E.164 digits); returns its wamid. */
  sendMessage(to: string, payload: OutboundPayload): Promise<{ wamid: string }>;
  /** Marks an inbound message read (the customer sees blue ticks). */
  markRead(wamid: string): Promise<void>;
  uploadMedia(file: MediaFile): Promise<{ mediaId: string }>;
  /** The account's templates, or null when this channel cannot list them (no WhatsApp Business Account id). */
  listTemplates(): Promise<ProviderTemplate[] | null>;
  /**
   * Submits a template for Meta's review, where the provider's API lets us
   * and the channel has a WABA id; absent otherwise.
   */
  submitTemplate?(template: TemplateSubmission): Promise<SubmittedTemplate>;
  /**
   * Uploads a media header's sample for a new template (Meta's Resumable
   * Upload API) and returns the handle its `example.header_handle` names.
   * Throws a final ProviderError saying why where the channel cannot.
   */
  uploadTemplateSample?(file: MediaFile & { filename: string }): Promise<{ handle: string }>;
  /**
   * The number's messaging-limit tier as Graph names it (TIER_1K …), where
   * the provider's API serves the phone number's fields; absent otherwise.
   */
  readMessagingLimit?(): Promise<string | null>;
}

const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** Graph's error body; 360dialog's own (non-Graph) errors come as `meta`. Anything else: the status says enough. */
const errorBody = z.object({
  error: z
    .object({
      message: z.string().optional(),
      code: z.number().optional(),
      error_user_title: z.string().optional(),
      error_user_msg: z.string().optional(),
      error_data: z.object({ details: z.string().optional() }).optional(),
    })
    .optional(),
  meta: z.object({ developer_message: z.string().optional() }).optional(),
});

function readErrorBody(text: string): z.infer<typeof errorBody> {
  try {
    return errorBody.safeParse(JSON.parse(text)).data ?? {};
  } catch {
    return {};
  }
}

/**
 * fetch with a timeout; any non-2xx answer becomes a ProviderError with the
 * provider's own reason. `send` is `safeFetch` for media URLs (see
 * `downloadFrom`): a refusal there is final, since asking again reaches the
 * same address.
 */
export async function request(url: string, init: SafeFetchInit, send: SafeFetch = fetch): Promise<Response> {
  let response: Response;
  try {
    response = await send(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) throw new ProviderError(`request to ${new URL(url).host} refused: ${refusal.message}`, null, {}, false);
    const host = new URL(url).host;
    const reason = `${host} unreachable: ${error instanceof Error ? error.message : String(error)}`;
    // What the agent reads on the message (title, message); the network's own words stay in details and logs.
    // The cause tells a connection never made (nothing sent) from one cut while waiting (the request may have arrived).
    throw new ProviderError(
      reason,
      null,
      { title: `Couldn't reach WhatsApp (${host})`, message: "Check the connection and try again.", details: reason },
      true,
      { cause: error },
    );
  }
  if (response.ok) return response;
  const body = readErrorBody(await response.text().catch(() => ""));
  const graph = body.error;
  const reason = graph?.message ?? body.meta?.developer_message;
  const message = `${new URL(url).host} answered ${response.status}${reason ? `: ${reason}` : ""}`;
  const code = graph?.code;
  const transient = response.status === 429 || response.status >= 500 || (code !== undefined && TRANSIENT_META_CODES.has(code));
  throw new ProviderError(
    message,
    response.status,
    {
      code,
      title: graph?.error_user_title ?? reason,
      message: reason,
      details: graph?.error_data?.details,
      // Meta's sentence for people (template refusals: "Message template … already exists").
      ...(graph?.error_user_msg && { userMessage: graph.error_user_msg }),
    },
    transient,
  );
}

/**
 * A 2xx answer's body checked against what the provider documents: a
 * surprise is a ProviderError saying what was expected (`problem`), never a
 * value cast into a type it does not have. Not JSON counts as a surprise.
 * `transient` says whether asking again may help.
 */
export async function parseAnswer<T>(response: Response, schema: z.ZodType<T>, problem: string, transient = true): Promise<T> {
  return parseBody(await response.json().catch(() => undefined), schema, problem, transient);
}

export function parseBody<T>(body: unknown, schema: z.ZodType<T>, problem: string, transient = true): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProviderError(problem, null, {}, transient);
  return parsed.data;
}

export async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/**
 * Downloads a media URL that a webhook or a media lookup named: through
 * `safeFetch` (public addresses only, unless OUTBOUND_ALLOW_HOSTS lists the
 * host; redirects re-checked), with the provider's credential headers sent
 * only to the provider's own origins and dropped on a redirect elsewhere.
 */
export async function downloadFrom(
  mediaUrl: string,
  credentials: { origins: readonly string[]; headers: Record<string, string> },
): Promise<MediaFile> {
  const url = URL.parse(mediaUrl);
  if (url?.protocol !== "https:" && url?.protocol !== "http:") {
    throw new ProviderError("the media URL is not an http(s) URL", null, {}, false);
  }
  return bytesOf(await request(url.href, { credentialsFor: credentials }, safeFetch));
}

/** The body of a media download, refused as soon as it is more than we keep (declared or not). */
export async function bytesOf(response: Response): Promise<MediaFile> {
  const bytes = await readBodyWithin(response, MAX_MEDIA_BYTES);
  if (bytes === null) throw new ProviderError(`media over the ${MAX_MEDIA_BYTES / 1024 / 1024} MB limit`, null, {}, false);
  return { bytes, mimeType: response.headers.get("content-type") };
}

/** A template as Graph (and 360dialog's waba_templates) list them; ones without name or language are skipped. */
const graphTemplate = z.object({
  id: z.string().nullish(),
  /** 360dialog: Meta's id of the template (its own `id` is 360dialog's), the one status webhooks name. */
  external_id: z.string().nullish(),
  name: z.string().nullish(),
  language: z.string().nullish(),
  status: z.string().nullish(),
  category: z.string().nullish(),
  components: z.array(z.unknown()).nullish(),
  quality_score: z.object({ score: z.string().nullish() }).nullish(),
  parameter_format: z.string().nullish(),
  rejected_reason: z.string().nullish(),
});
type GraphTemplate = z.infer<typeof graphTemplate>;

/** One page of a template list: its templates, and the query that asks for the next page (null: the last one). */
export interface TemplatePage {
  templates: GraphTemplate[];
  next: Record<string, string> | null;
}

/**
 * Meta's and Kapso's `GET /{waba}/message_templates` answer, cursor-paged:
 * `paging.next` is present while there are more, and `after` asks for them.
 */
export const graphTemplateList: z.ZodType<TemplatePage> = z
  .object({
    data: z.array(graphTemplate),
    paging: z.object({ cursors: z.object({ after: z.string().nullish() }).nullish(), next: z.string().nullish() }).nullish(),
  })
  .transform(({ data, paging }) => {
    const after = paging?.next ? paging.cursors?.after : null;
    return { templates: data, next: after ? { after } : null };
  });

/** 360dialog's `GET /v1/configs/templates` answer, offset-paged (`offset`, `limit`, `total`). */
export const wabaTemplateList: z.ZodType<TemplatePage> = z
  .object({
    waba_templates: z.array(graphTemplate),
    offset: z.number().int().nonnegative().nullish(),
    total: z.number().int().nonnegative().nullish(),
  })
  .transform(({ waba_templates, offset, total }) => {
    const seen = (offset ?? 0) + waba_templates.length;
    return {
      templates: waba_templates,
      next: waba_templates.length > 0 && total != null && seen < total ? { offset: String(seen) } : null,
    };
  });

/** A bound on pages read per sync (250 templates each at Meta): a provider that never ends its paging cannot hold a job forever. */
const MAX_TEMPLATE_PAGES = 40;

const noneAsNull = (value: string | null | undefined) => (value && value.toUpperCase() !== "NONE" ? value : null);

function toTemplates(list: GraphTemplate[]): ProviderTemplate[] {
  return list.flatMap((t) =>
    t.name && t.language
      ? [
          {
            id: t.external_id ?? t.id ?? `${t.name}:${t.language}`,
            name: t.name,
            language: t.language,
            status: t.status ?? "PENDING",
            category: t.category ?? null,
            components: t.components ?? [],
            quality: t.quality_score?.score ?? null,
            parameterFormat: t.parameter_format?.toUpperCase() === "NAMED" ? "NAMED" : "POSITIONAL",
            rejectedReason: noneAsNull(t.rejected_reason),
          },
        ]
      : [],
  );
}

/** Graph answers `messages: [{ id }]`: the first is the sent message. */
const sendAnswer = z.object({ messages: z.tuple([z.object({ id: z.string().min(1) })], z.unknown()) });
const uploadAnswer = z.object({ id: z.string().min(1) });
const mediaLookupAnswer = z.object({ url: z.string().min(1), mime_type: z.string().nullish() });
const submitAnswer = z.object({ id: z.string().min(1), status: z.string().min(1), category: z.string().nullish() });
/** Resumable Upload: the session (`upload:…`, possibly with `?sig=…`), then the file's handle. Ids with a path in them are refused. */
const uploadSessionAnswer = z.object({ id: z.string().regex(/^upload:[^/\s]+$/) });
const uploadHandleAnswer = z.object({ h: z.string().min(1) });
const limitAnswer = z.object({
  messaging_limit_tier: z.string().nullish(),
  whatsapp_business_manager_messaging_limit: z.string().nullish(),
});

/** Where one provider's Cloud API lives for a channel, and how to authenticate to it. */
export interface CloudApiRoutes {
  headers: Record<string, string>;
  /** The provider's own origins: the only ones a media download sends `headers` to. */
  credentialOrigins: readonly string[];
  /** Base for `/messages` and `/media` of this number. */
  numberBase: string;
  /** Base for `/{media-id}` lookups. */
  mediaLookupBase: string;
  /** Rewrites the lookaside URL of a media lookup, when it must go through the provider's host. */
  rewriteMediaUrl?: (url: string) => string;
  /** Downloads straight from a URL the webhook carried, when the provider gives one (Kapso's media_url). */
  directMediaUrls?: boolean;
  /** The template list (its first page), and the shape of its answer; null when the channel cannot list them. */
  templates: { url: string; answer: z.ZodType<TemplatePage> } | null;
  /** Where new templates are posted (Graph's `POST /{waba}/message_templates`); null when the channel cannot submit them. */
  submitTemplatesUrl?: string | null;
  /**
   * Meta's Resumable Upload API for a new template's header sample:
   * `POST {sessions}` opens an upload session, `POST {base}/{session id}`
   * sends the bytes (with `headers`) and answers the handle. Or, where the
   * channel cannot, the reason, in words for the admin.
   */
  templateSamples?: { sessions: string; base: string; headers: Record<string, string> } | { unavailable: string };
  /** `numberBase` is Graph's phone number node, whose fields include its messaging limit. */
  numberFields?: boolean;
}

/** Meta's Cloud API (`/messages`, `/media`, media lookups, templates) at the given routes. */
export function cloudApiClient(routes: CloudApiRoutes): ProviderClient {
  const { headers, submitTemplatesUrl } = routes;
  const submitTemplate = submitTemplatesUrl
    ? async (template: TemplateSubmission): Promise<SubmittedTemplate> => {
        const response = await postJson(submitTemplatesUrl, headers, template);
        // Not retried on a surprise: the template may exist now, and a second submission would be refused as a duplicate.
        const answer = await parseAnswer(response, submitAnswer, "the provider answered the new template in an unexpected shape", false);
        return { id: answer.id, status: answer.status, category: answer.category ?? null };
      }
    : undefined;
  const readMessagingLimit = routes.numberFields
    ? async () => {
        const fields = "messaging_limit_tier,whatsapp_business_manager_messaging_limit";
        const answer = await parseAnswer(
          await request(`${routes.numberBase}?fields=${fields}`, { headers }),
          limitAnswer,
          "the provider answered the number's fields in an unexpected shape",
        );
        // Since 2025 Meta sets the limit per business portfolio; the number's own field is the older name for it.
        return answer.whatsapp_business_manager_messaging_limit ?? answer.messaging_limit_tier ?? null;
      }
    : undefined;
  return {
    ...(submitTemplate && { submitTemplate }),
    ...(routes.templateSamples && { uploadTemplateSample: templateSampleUploader(routes.templateSamples) }),
    ...(readMessagingLimit && { readMessagingLimit }),
    async downloadMedia(media) {
      const credentials = { origins: routes.credentialOrigins, headers };
      if (media.url && routes.directMediaUrls) return downloadFrom(media.url, credentials);
      if (!media.id) throw new ProviderError("message has no media id", null, {}, false);
      const lookup = await parseAnswer(
        await request(`${routes.mediaLookupBase}/${encodeURIComponent(media.id)}`, { headers }),
        mediaLookupAnswer,
        "media lookup returned no url",
      );
      const file = await downloadFrom(routes.rewriteMediaUrl?.(lookup.url) ?? lookup.url, credentials);
      return { ...file, mimeType: lookup.mime_type ?? file.mimeType };
    },

    async sendMessage(to, payload) {
      const response = await postJson(`${routes.numberBase}/messages`, headers, {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        ...payload,
      });
      const answer = await parseAnswer(response, sendAnswer, "the provider accepted the message but returned no id");
      return { wamid: answer.messages[0].id };
    },

    async markRead(wamid) {
      const response = await postJson(`${routes.numberBase}/messages`, headers, {
        messaging_product: "whatsapp",
        status: "read",
        message_id: wamid,
      });
      await response.body?.cancel(); // its answer ({ success }) tells nothing a 2xx did not
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
      return { mediaId: (await parseAnswer(response, uploadAnswer, "media upload returned no id")).id };
    },

    async listTemplates() {
      if (!routes.templates) return null;
      const { url: first, answer } = routes.templates;
      const templates: ProviderTemplate[] = [];
      let query: Record<string, string> | null = {};
      for (let page = 0; query && page < MAX_TEMPLATE_PAGES; page += 1) {
        const url = new URL(first);
        for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
        const response = await request(url.href, { headers });
        const answered: TemplatePage = await parseAnswer(
          response,
          answer,
          "the provider answered the template list in an unexpected shape",
        );
        templates.push(...toTemplates(answered.templates));
        query = answered.next;
      }
      // A list cut short would read as deletions: better no sync than a wrong one.
      if (query) throw new ProviderError(`the template list ran over ${MAX_TEMPLATE_PAGES} pages`, null, {}, false);
      return templates;
    },
  };
}

function templateSampleUploader(samples: NonNullable<CloudApiRoutes["templateSamples"]>) {
  return async (file: MediaFile & { filename: string }): Promise<{ handle: string }> => {
    if ("unavailable" in samples) throw new ProviderError(samples.unavailable, null, { message: samples.unavailable }, false);
    const type = file.mimeType ?? "application/octet-stream";
    const sessionUrl = new URL(samples.sessions);
    sessionUrl.searchParams.set("file_name", file.filename);
    sessionUrl.searchParams.set("file_length", String(file.bytes.byteLength));
    sessionUrl.searchParams.set("file_type", type);
    const session = await parseAnswer(
      await request(sessionUrl.href, { method: "POST", headers: samples.headers }),
      uploadSessionAnswer,
      "the provider opened no upload session",
      false,
    );
    const uploaded = await request(`${samples.base}/${session.id}`, {
      method: "POST",
      headers: { ...samples.headers, file_offset: "0", "content-type": type },
      body: file.bytes as Uint8Array<ArrayBuffer>,
    });
    return { handle: (await parseAnswer(uploaded, uploadHandleAnswer, "the provider answered the upload with no handle", false)).h };
  };
}

/** A base URL from the environment without its trailing slash. */
export const trimBase = (url: string) => url.replace(/\/$/, "");
