import "server-only";
import { after } from "next/server";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { env } from "@/server/env";
import { readBodyWithin } from "@/server/http/read-body";
import { logger, requestIdOf, withLogContext } from "@/server/log";
import type { Provider } from "@/server/whatsapp/providers";
import { findProviderAdapter } from "@/server/whatsapp/providers";
import { processInline } from "./inline";
import { receiveWebhook } from "./receive";

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });

/**
 * The POST handler of every provider's webhook route
 * (/api/webhooks/<provider>, or /api/webhooks/<provider>/<token> for
 * providers that route by the token in the path): answer as soon as the raw
 * body is stored, then process it right after the response, batched with
 * the other webhooks of the moment (inline.ts); the recovery
 * sweep picks it up if this process dies first. A provider we do not have,
 * or the other URL shape than its adapter routes by, is not found.
 */
export function handleWebhookPost(request: Request, provider: string, pathToken?: string) {
  const requestId = requestIdOf(request.headers);
  return withLogContext({ requestId }, () => answerWebhook(request, provider, requestId, pathToken));
}

async function answerWebhook(request: Request, provider: string, requestId: string, pathToken?: string) {
  const adapter = findProviderAdapter(provider);
  if (!adapter || (adapter.routing === "path-token") !== (pathToken !== undefined)) return text("Not found", 404);
  const result = await receiveWebhook({
    // The adapter exists: the name is one of ours (or registered).
    provider: provider as Provider,
    pathToken,
    headers: request.headers,
    rawBody: await readBodyWithin(request, env().WEBHOOK_MAX_BYTES),
  });
  if (result.storedEventIds.length > 0) {
    const events = result.stored.length > 0 ? result.stored : result.storedEventIds;
    // after() runs its callback outside this request's log context: name the request again.
    after(() =>
      withLogContext({ requestId }, () =>
        processInline(events).catch((error) => logger.error({ err: error }, "inline processing of a webhook failed")),
      ),
    );
  }
  // A plain Response: NextResponse.json builds two responses and a cookie jar this answer never uses.
  return Response.json(result.body, { status: result.status });
}

/**
 * A path-token provider's webhook posted to one fixed URL, as CRMs built on
 * 360dialog registered it (/api/webhooks/whatsapp): taken as the install's
 * only connected number of that provider would take it at its own URL, so a
 * team can move before it re-registers. With none or several such numbers
 * the URL names no number: a 404 saying which URL to register.
 */
export async function handleSoleChannelWebhookPost(request: Request, provider: Provider) {
  const channels = await asService(
    (tx) => tx<Pick<Row<"whatsapp_channels">, "webhook_token">[]>`
      select webhook_token from public.whatsapp_channels where provider = ${provider} and status <> 'disconnected' limit 2`,
  );
  const [channel] = channels;
  if (channels.length !== 1 || !channel) {
    const count = channels.length === 0 ? "no" : "more than one";
    return Response.json(
      {
        error: {
          code: "not_found",
          message:
            `This URL serves a ${provider} number only while exactly one is connected, and this install has ${count}. ` +
            `Register each number's own URL, /api/webhooks/${provider}/<token> (Settings → WhatsApp numbers shows it).`,
        },
      },
      { status: 404 },
    );
  }
  return handleWebhookPost(request, provider, channel.webhook_token);
}

/** The GET of a provider's webhook route: its subscription handshake (Meta's hub.challenge), when it has one. */
export async function handleWebhookGet(request: Request, provider: string) {
  const adapter = findProviderAdapter(provider);
  if (!adapter) return text("Not found", 404);
  if (!adapter.handshake) return text("Method not allowed", 405, { allow: "POST" });
  const challenge = await adapter.handshake(new URL(request.url).searchParams);
  return challenge === null ? text("Forbidden", 403) : text(challenge, 200);
}
