/**
 * Why connecting a number did not work: Kapso's failure codes (its failure
 * redirect's `error_code`) and our own refusals of a success callback. The
 * WhatsApp settings page explains each in the reader's language
 * (settings.whatsapp.problems).
 */
export const CONNECT_PROBLEMS = [
  "facebook_auth_failed",
  "phone_verification_failed",
  "waba_limit_reached",
  "token_exchange_failed",
  "link_expired",
  "already_used",
  "unknown_link",
  "not_admin",
  "not_completed",
  "number_not_confirmed",
  "kapso_failed",
  "connect_failed",
] as const;
export type ConnectProblem = (typeof CONNECT_PROBLEMS)[number];

/** A reason code safe to put in a URL and to look up (anything else becomes the generic one). */
export const connectProblemCode = (code: string | null | undefined): ConnectProblem =>
  CONNECT_PROBLEMS.find((known) => known === code) ?? "connect_failed";
