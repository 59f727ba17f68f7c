/**
 * Why connecting a number did not work, in words for the admin: Kapso's
 * failure codes (its failure redirect's `error_code`) and our own refusals
 * of a success callback.
 */
const REASONS: Record<string, string> = {
  facebook_auth_failed: "Facebook sign-in did not complete. Sign in with the Facebook account that manages your business and try again.",
  phone_verification_failed:
    "WhatsApp could not verify the phone number. Check that it can receive the SMS or call with the code, then try again.",
  waba_limit_reached:
    "Your Meta business has reached its limit of WhatsApp Business Accounts. Remove an unused one in Meta Business Suite, or ask Meta to raise the limit.",
  token_exchange_failed:
    "Meta did not hand over access to the number. Try again; if it keeps failing, remove the app in Meta Business settings first.",
  link_expired: "The setup link expired. Start again to get a fresh one.",
  already_used: "This setup link was already used. If the number is not listed below, start again.",
  unknown_link:
    "This setup was not started from this workspace, so it was refused. Switch to the workspace you started from, or start again here.",
  not_admin: "Only admins can connect WhatsApp numbers.",
  not_completed: "Kapso did not report a completed setup. Please try again.",
  number_not_confirmed: "Kapso does not list this number under this workspace's account, so it was not connected.",
  kapso_failed: "Kapso could not be reached or refused the request. Nothing was connected; please try again.",
  connect_failed: "The number could not be connected. Please try again.",
};

export function connectProblem(code: string | null | undefined): string | null {
  if (!code) return null;
  return REASONS[code] ?? REASONS.connect_failed ?? null;
}

/** A reason code safe to put in a URL and to look up (anything else becomes the generic one). */
export const connectProblemCode = (code: string | null | undefined) => (code && Object.hasOwn(REASONS, code) ? code : "connect_failed");
