import type { NextRequest } from "next/server";
import { connectProblemCode } from "@/lib/whatsapp-connect";
import { logger, requestIdOf, withLogContext } from "@/server/log";
import { seeOther } from "@/server/whatsapp/channels/urls";

/**
 * Kapso's failure redirect: `error_code` (facebook_auth_failed,
 * phone_verification_failed, waba_limit_reached, token_exchange_failed,
 * link_expired, already_used) or, from older integrations,
 * `error`/`error_description`. Nothing is recorded; the numbers page
 * explains the reason and offers to start again.
 */
export function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const code = params.get("error_code") ?? params.get("error");
  withLogContext({ requestId: requestIdOf(request.headers) }, () =>
    logger.warn({ code, description: params.get("error_description") }, "Kapso setup failed"),
  );
  return seeOther(`/settings/whatsapp?error=${connectProblemCode(code)}`);
}
