import "server-only";
import { env } from "@/server/env";
import type { Provider } from "../events";

/** What a channel's decrypted credentials may hold, per provider. */
export interface ChannelCredentials {
  /** Meta Cloud API: a system-user access token. */
  accessToken?: string;
  /** 360dialog: D360-API-KEY. Kapso: X-API-Key. */
  apiKey?: string;
}

export interface MediaFile {
  bytes: Uint8Array;
  mimeType: string | null;
}

export interface MediaReference {
  id: string | null;
  /** A direct URL, when the webhook carried one (Kapso's media_url). */
  url: string | null;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/**
 * The provider interface (DESIGN 9): one implementation per provider,
 * each speaking its real HTTP API at a configurable base URL.
 */
export interface ProviderClient {
  downloadMedia(media: MediaReference): Promise<MediaFile>;
}

const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

async function fetchOk(url: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new ProviderError(`${new URL(url).host} answered ${response.status}`, response.status);
  return response;
}

async function bytesOf(response: Response): Promise<MediaFile> {
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_MEDIA_BYTES) throw new ProviderError(`media of ${length} bytes is over the limit`, null);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, mimeType: response.headers.get("content-type") };
}

/** Graph-style media: GET /{media-id} gives a short-lived URL, fetched with the same credentials. */
async function graphMedia(base: string, mediaId: string, headers: Record<string, string>, rewriteUrl = (url: string) => url) {
  const meta = (await (await fetchOk(`${base}/${encodeURIComponent(mediaId)}`, headers)).json()) as { url?: string; mime_type?: string };
  if (!meta.url) throw new ProviderError("media lookup returned no url", null);
  const file = await bytesOf(await fetchOk(rewriteUrl(meta.url), headers));
  return { ...file, mimeType: meta.mime_type ?? file.mimeType };
}

function requireId(media: MediaReference): string {
  if (!media.id) throw new ProviderError("message has no media id", null);
  return media.id;
}

export function providerClient(provider: Provider, credentials: ChannelCredentials): ProviderClient {
  const config = env();
  switch (provider) {
    case "meta":
      return {
        downloadMedia: (media) =>
          graphMedia(config.META_GRAPH_URL, requireId(media), { authorization: `Bearer ${credentials.accessToken ?? ""}` }),
      };
    case "360dialog":
      // 360dialog hands out Meta's lookaside URL; it must be fetched through 360dialog's host.
      return {
        downloadMedia: (media) =>
          graphMedia(config.DIALOG360_API_URL, requireId(media), { "D360-API-KEY": credentials.apiKey ?? "" }, (url) => {
            const original = new URL(url);
            return `${config.DIALOG360_API_URL.replace(/\/$/, "")}${original.pathname}${original.search}`;
          }),
      };
    case "kapso":
      return {
        downloadMedia: async (media) =>
          media.url
            ? bytesOf(await fetchOk(media.url, { "X-API-Key": credentials.apiKey ?? "" }))
            : graphMedia(config.KAPSO_API_URL, requireId(media), { "X-API-Key": credentials.apiKey ?? "" }),
      };
  }
}
