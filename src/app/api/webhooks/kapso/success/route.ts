import type { NextRequest } from "next/server";
import { connectProblemCode } from "@/lib/whatsapp-connect";
import { AppError } from "@/server/errors";
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
    if (!(error instanceof AppError)) console.error("[kapso] completing a setup link failed", error);
    else console.warn(`[kapso] setup callback refused: ${error.message}`);
    return back(`error=${connectProblemCode(error instanceof AppError ? error.details?.reason : null)}`);
  }
}
