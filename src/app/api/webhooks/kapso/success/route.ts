import type { NextRequest } from "next/server";
import { connectProblemCode } from "@/lib/whatsapp-connect";
import { AppError } from "@/server/errors";
import { logger, requestIdOf, withLogContext } from "@/server/log";
import { completeKapsoSetup, kapsoSuccessParams } from "@/server/whatsapp/channels/connect-kapso";
import { seeOther } from "@/server/whatsapp/channels/urls";
import { getWorkspaceContext } from "@/server/workspaces/context";

/**
 * Kapso's hosted setup page sends the admin's browser here when the number
 * is connected. It is a browser redirect, so it acts for the signed-in
 * admin and their current workspace (completeKapsoSetup checks the rest).
 */
export async function GET(request: NextRequest) {
  const back = (query: string) => seeOther(`/settings/whatsapp?${query}`);
  const context = await getWorkspaceContext();
  if (!context) return seeOther(`/login?${new URLSearchParams({ next: `${request.nextUrl.pathname}${request.nextUrl.search}` })}`);
  const params = kapsoSuccessParams.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!params.success) return back("error=unknown_link");
  try {
    await completeKapsoSetup(context, params.data);
    return back("connected=1");
  } catch (error) {
    withLogContext({ requestId: requestIdOf(request.headers), workspaceId: context.workspace.id }, () => {
      if (!(error instanceof AppError)) logger.error({ err: error }, "completing a Kapso setup link failed");
      else logger.warn({ reason: error.message }, "Kapso setup callback refused");
    });
    return back(`error=${connectProblemCode(error instanceof AppError ? error.details?.reason : null)}`);
  }
}
