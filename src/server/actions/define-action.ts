import "server-only";
import { cookies } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { DEFAULT_LOCALE, type Locale } from "@/lib/locales";
import { readableIssueMap, readableIssues, technicalIssues } from "@/lib/readable-issues";
import type { MemberRole } from "@/lib/roles";
import { authProvider } from "@/server/auth/mode";
import type { CookieJar } from "@/server/auth/provider";
import type { UserClaims } from "@/server/db/claims";
import { asUser, type Tx } from "@/server/db/client";
import { AppError, type Result, toErrorResult } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { logger, withLogContext } from "@/server/log";
import { type ActingMember, actingMember, requireRole } from "@/server/workspaces/actor";
import { resolveWorkspaceContext, WORKSPACE_COOKIE, type WorkspaceContext } from "@/server/workspaces/context";

/**
 * Who may call an action:
 * - `public`: anyone. The handler gets its input only; a service
 *   transaction or a cookie, where it needs one, it takes itself.
 * - `signed-in`: a session, with or without a workspace (creating the first one).
 * - `member`, `admin`, `owner`: a member of the current workspace with at least that role.
 */
type Tier = "public" | "signed-in" | "member" | "admin" | "owner";
type WorkspaceTier = Extract<Tier, "member" | "admin" | "owner">;

const LEAST_ROLE: Record<WorkspaceTier, MemberRole> = { member: "agent", admin: "admin", owner: "owner" };

interface Definition<Schema extends z.ZodType, Role extends Tier> {
  /** The action in log lines: "<file>.<export>". */
  name: string;
  input: Schema;
  role: Role;
}

/**
 * `transaction: false`: the handler opens its own transactions, for actions
 * that call a provider between them, do work after the commit (mail, a job
 * that must see the committed row), or use a domain function that manages
 * its own. Otherwise the handler runs in one transaction as the caller (RLS).
 */
type OwnTransactions = { transaction: false };
type OneTransaction = { transaction?: true };

interface SignedInArgs<Input> {
  input: Input;
  claims: UserClaims;
}

interface MemberArgs<Input> {
  input: Input;
  actor: ActingMember;
  /** The session's claims and the current workspace, as resolved on the server. */
  context: WorkspaceContext;
}

type WithTx<Args> = Args & { tx: Tx };

/** What a defined action is to its callers: a Server Action answering with a Result. */
type Action<Schema extends z.ZodType, T> = (input: z.input<Schema>) => Promise<Result<T>>;

type Caller = { tier: "public" } | { tier: "signed-in"; claims: UserClaims } | { tier: WorkspaceTier; context: WorkspaceContext };

const signInAgain = () => new AppError("unauthenticated", "errors.common.signInAgain");

/**
 * Defines Server Actions that find their caller in `requestCookies` and
 * write their refusals (invalid input, domain errors) in `requestLocale`: the request's cookies
 * and language in the app (`defineAction`), their own in tests.
 */
export function actionDefiner(requestCookies: () => Promise<CookieJar>, requestLocale: () => Promise<Locale> = async () => DEFAULT_LOCALE) {
  /** The caller, from the session and (for workspace tiers) the current workspace among their memberships. */
  async function identify(tier: Tier): Promise<Caller> {
    if (tier === "public") return { tier };
    const jar = await requestCookies();
    const claims = await authProvider().getClaims(jar);
    if (!claims) throw signInAgain();
    if (tier === "signed-in") return { tier, claims };
    // The cookie only picks among the user's workspaces; naming another one falls back to their home.
    const context = await resolveWorkspaceContext(claims, jar.get(WORKSPACE_COOKIE)?.value);
    if (!context) throw signInAgain();
    return { tier, context };
  }

  function invoke(caller: Caller, input: unknown, transaction: boolean, handler: (args: never) => Promise<unknown>) {
    const run = (args: object) => handler(args as never);
    if (caller.tier === "public") return run({ input });
    if (caller.tier === "signed-in") {
      const { claims } = caller;
      return transaction ? asUser(claims, (tx) => run({ input, claims, tx })) : run({ input, claims });
    }
    const { context } = caller;
    const actor = requireRole(actingMember(context), LEAST_ROLE[caller.tier]);
    return transaction ? asUser(context.claims, (tx) => run({ input, actor, context, tx })) : run({ input, actor, context });
  }

  /**
   * One Server Action: input parsed with zod, the caller resolved on the
   * server and checked against the tier, the handler run (in one RLS
   * transaction unless told otherwise), and any failure turned into a Result
   * safe to show. Every line logged meanwhile names the action (and the
   * workspace); an unknown error is logged, never shown.
   */
  function defineAction<S extends z.ZodType, T>(
    definition: Definition<S, "public">,
    handler: (args: { input: z.output<S> }) => Promise<T>,
  ): Action<S, T>;
  function defineAction<S extends z.ZodType, T>(
    definition: Definition<S, "signed-in"> & OwnTransactions,
    handler: (args: SignedInArgs<z.output<S>>) => Promise<T>,
  ): Action<S, T>;
  function defineAction<S extends z.ZodType, T>(
    definition: Definition<S, "signed-in"> & OneTransaction,
    handler: (args: WithTx<SignedInArgs<z.output<S>>>) => Promise<T>,
  ): Action<S, T>;
  function defineAction<S extends z.ZodType, T>(
    definition: Definition<S, WorkspaceTier> & OwnTransactions,
    handler: (args: MemberArgs<z.output<S>>) => Promise<T>,
  ): Action<S, T>;
  function defineAction<S extends z.ZodType, T>(
    definition: Definition<S, WorkspaceTier> & OneTransaction,
    handler: (args: WithTx<MemberArgs<z.output<S>>>) => Promise<T>,
  ): Action<S, T>;
  function defineAction(
    definition: Definition<z.ZodType, Tier> & { transaction?: boolean },
    handler: (args: never) => Promise<unknown>,
  ): (raw: unknown) => Promise<Result<unknown>> {
    const transaction = definition.transaction !== false;
    return (raw) =>
      withLogContext({ action: definition.name }, async () => {
        const identified = await settle(
          async () => ({
            input: await parse(definition.input, raw, requestLocale),
            caller: await identify(definition.role),
          }),
          requestLocale,
        );
        if (!identified.ok) return identified;
        const { input, caller } = identified.data;
        const workspaceId = "context" in caller ? caller.context.workspace.id : undefined;
        return withLogContext({ workspaceId }, () => settle(() => invoke(caller, input, transaction, handler), requestLocale));
      });
  }

  return defineAction;
}

/** Every Server Action of the app is defined with this (src/app/actions). */
export const defineAction = actionDefiner(cookies, getLocale);

/**
 * Invalid input answers with a sentence per field in people's words and
 * language (`readableIssueMap`, unless the schema wrote its own), keyed by
 * the input's field path so the form can mark those inputs, and zod's own
 * wording as the technical detail. Only a failure reads the language.
 */
async function parse<S extends z.ZodType>(schema: S, raw: unknown, requestLocale: () => Promise<Locale>): Promise<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const t = await translatorFor(await requestLocale());
  // Parsed again only on this failure path, for the readers' sentences.
  const issues = schema.safeParse(raw, { error: readableIssueMap(t) }).error?.issues ?? parsed.error.issues;
  const { summary, fields } = readableIssues(issues, t);
  // Already in the reader's language.
  const texts = Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, { text }]));
  throw new AppError("invalid", { text: summary }, undefined, { fields: texts, technical: technicalIssues(parsed.error.issues) });
}

/** The work's answer, or its failure in the caller's language (read only on failure). */
async function settle<T>(work: () => Promise<T>, requestLocale: () => Promise<Locale>): Promise<Result<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    // redirect() and notFound() are Next.js's control flow, not failures.
    unstable_rethrow(error);
    // Unknown errors are logged there, with this action's log context.
    const failure = toErrorResult(error, await translatorFor(await requestLocale()));
    if (failure.error.code !== "internal") logger.info({ code: failure.error.code, technical: failure.error.technical }, "action refused");
    return failure;
  }
}

/** A form's fields as an action's input: what useActionState hands a form action is FormData. */
export const formInput = <S extends z.ZodType<unknown, Record<string, unknown>>>(fields: S) =>
  z
    .instanceof(FormData)
    .transform((form): Record<string, unknown> => Object.fromEntries(form))
    .pipe(fields);
