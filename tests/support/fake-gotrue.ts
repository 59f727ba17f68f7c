import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import bcrypt from "bcryptjs";
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from "jose";
import postgres from "postgres";

/**
 * Supabase Auth (GoTrue) for tests: the `/auth/v1` endpoints that
 * `@supabase/ssr` and `supabase-js` call, in GoTrue's wire format (session
 * and user bodies, `{code, msg}` errors with the API version header), with
 * ES256 access tokens signed by a key generated per run and published at
 * `/.well-known/jwks.json` for getClaims(). Users live in the database's
 * auth.users, as GoTrue keeps them on Supabase; sessions, refresh tokens
 * and one-time email tokens are kept in memory. Mail is recorded, not sent.
 */

export interface FakeEmail {
  to: string;
  type: "invite" | "recovery";
  /** The link the email would carry, rendered from the template our docs ask for. */
  link: string;
}

export interface FakeGoTrueOptions {
  databaseUrl: string;
  publishableKey: string;
  secretKey: string;
  port?: number;
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const API_VERSION = "2024-01-01";

export async function startFakeGoTrue(options: FakeGoTrueOptions) {
  const sql = postgres(options.databaseUrl, { max: 2, onnotice: () => {} });
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };

  const sessions = new Map<string, { userId: string; revoked: boolean }>();
  const refreshTokens = new Map<string, { sessionId: string; usedAt: number | null }>();
  const oneTimeTokens = new Map<string, { userId: string; type: FakeEmail["type"]; expiresAt: number; used: boolean }>();
  const emails: FakeEmail[] = [];
  const requests: { method: string; path: string }[] = [];
  // GoTrue's refresh_token_reuse_interval: a rotated token still refreshes for 10 s, so concurrent requests of one browser do not log it out.
  const state = { accessTokenTtlSeconds: 3600, refreshTokenReuseSeconds: 10, baseUrl: "" };

  const issuer = () => `${state.baseUrl}/auth/v1`;

  function userJson(row: UserRow) {
    return {
      id: row.id,
      aud: "authenticated",
      role: "authenticated",
      email: row.email,
      email_confirmed_at: row.email_confirmed_at?.toISOString() ?? null,
      invited_at: row.invited_at?.toISOString() ?? null,
      confirmed_at: row.email_confirmed_at?.toISOString() ?? null,
      last_sign_in_at: row.last_sign_in_at?.toISOString() ?? null,
      phone: "",
      app_metadata: row.raw_app_meta_data ?? { provider: "email", providers: ["email"] },
      user_metadata: row.raw_user_meta_data ?? {},
      identities: [],
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
      is_anonymous: false,
    };
  }

  async function findUser(where: { id?: string; email?: string }) {
    const [row] = where.id
      ? await sql<UserRow[]>`select * from auth.users where id = ${where.id} and deleted_at is null`
      : await sql<UserRow[]>`select * from auth.users where lower(email) = ${where.email?.toLowerCase() ?? ""} and deleted_at is null`;
    return row ?? null;
  }

  async function insertUser(input: { email: string; passwordHash: string; confirmed: boolean; invited: boolean; metadata: unknown }) {
    const [row] = await sql<UserRow[]>`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                              raw_app_meta_data, raw_user_meta_data)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
              ${input.email.toLowerCase()}, ${input.passwordHash}, ${input.confirmed ? sql`now()` : null},
              ${input.invited ? sql`now()` : null}, ${sql.json({ provider: "email", providers: ["email"] })},
              ${sql.json((input.metadata ?? {}) as postgres.JSONValue)})
      returning *`;
    if (!row) throw new Error("user insert returned no row");
    return row;
  }

  async function issueSession(user: UserRow, method: string) {
    const sessionId = randomUUID();
    sessions.set(sessionId, { userId: user.id, revoked: false });
    await sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
    return sessionBody(user, sessionId, method);
  }

  async function sessionBody(user: UserRow, sessionId: string, method: string) {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + state.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({
      email: user.email,
      phone: "",
      app_metadata: user.raw_app_meta_data ?? { provider: "email", providers: ["email"] },
      user_metadata: user.raw_user_meta_data ?? {},
      role: "authenticated",
      aal: "aal1",
      amr: [{ method, timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(issuer())
      .setSubject(user.id)
      .setAudience("authenticated")
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(privateKey);
    const refreshToken = randomBytes(12).toString("base64url");
    refreshTokens.set(refreshToken, { sessionId, usedAt: null });
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: state.accessTokenTtlSeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  /** The user behind a bearer access token this server signed, whose session is still open. */
  async function authenticated(request: IncomingMessage) {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer: issuer(), audience: "authenticated", algorithms: ["ES256"] });
      const session = sessions.get(String(payload.session_id));
      const user = payload.sub ? await findUser({ id: payload.sub }) : null;
      if (!session || session.revoked || !user) throw new Error("session gone");
      return { user, sessionId: String(payload.session_id) };
    } catch {
      throw new GoTrueError(403, "bad_jwt", "invalid JWT: unable to parse or verify signature, token is expired or invalid");
    }
  }

  function requireKey(request: IncomingMessage, admin: boolean) {
    const presented = [request.headers.apikey, request.headers.authorization?.replace(/^Bearer /, "")];
    const accepted = admin ? [options.secretKey] : [options.publishableKey, options.secretKey];
    if (!presented.some((key) => typeof key === "string" && accepted.includes(key))) {
      throw new GoTrueError(401, admin ? "not_admin" : "no_authorization", "Invalid API key");
    }
  }

  function mail(to: string, userId: string, type: FakeEmail["type"], redirectTo: string) {
    const tokenHash = randomBytes(28).toString("hex");
    oneTimeTokens.set(tokenHash, { userId, type, expiresAt: Date.now() + 3600_000, used: false });
    // Recovery: {{ .RedirectTo }}&token_hash={{ .TokenHash }}&type=recovery (see README); invite: Supabase's default {{ .ConfirmationURL }}.
    const link =
      type === "recovery"
        ? `${redirectTo}${redirectTo.includes("?") ? "&" : "?"}token_hash=${tokenHash}&type=recovery`
        : `${issuer()}/verify?token=${tokenHash}&type=invite&redirect_to=${encodeURIComponent(redirectTo)}`;
    emails.push({ to, type, link });
  }

  function useOneTimeToken(tokenHash: string, type: FakeEmail["type"]) {
    const entry = oneTimeTokens.get(tokenHash);
    if (!entry || entry.used || entry.type !== type || entry.expiresAt < Date.now()) {
      throw new GoTrueError(403, "otp_expired", "Email link is invalid or has expired");
    }
    entry.used = true;
    return entry.userId;
  }

  async function route(request: IncomingMessage, url: URL, body: Record<string, unknown>) {
    const path = url.pathname.replace(/^\/auth\/v1/, "");
    const method = request.method ?? "GET";
    if (method === "GET" && path === "/.well-known/jwks.json") return { keys: [jwk] };
    requireKey(request, path.startsWith("/admin/") || path === "/invite");

    if (method === "POST" && path === "/token") {
      const grant = url.searchParams.get("grant_type");
      if (grant === "password") {
        const user = await findUser({ email: String(body.email ?? "") });
        const valid = user?.encrypted_password && (await bcrypt.compare(String(body.password ?? ""), user.encrypted_password));
        if (!user || !valid || !user.email_confirmed_at) throw new GoTrueError(400, "invalid_credentials", "Invalid login credentials");
        return issueSession(user, "password");
      }
      if (grant === "refresh_token") {
        const entry = refreshTokens.get(String(body.refresh_token ?? ""));
        const session = entry && sessions.get(entry.sessionId);
        if (!entry || !session || session.revoked) {
          throw new GoTrueError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
        }
        if (entry.usedAt !== null && Date.now() - entry.usedAt >= state.refreshTokenReuseSeconds * 1000) {
          throw new GoTrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
        }
        entry.usedAt ??= Date.now();
        const user = await findUser({ id: session.userId });
        if (!user) throw new GoTrueError(404, "user_not_found", "User not found");
        return sessionBody(user, entry.sessionId, "password");
      }
      throw new GoTrueError(400, "validation_failed", "unsupported_grant_type");
    }
    if (path === "/user" && method === "GET") return userJson((await authenticated(request)).user);
    if (path === "/user" && method === "PUT") {
      const { user } = await authenticated(request);
      const password = String(body.password ?? "");
      if (password.length < 6) throw new GoTrueError(422, "weak_password", "Password should be at least 6 characters.");
      if (user.encrypted_password && (await bcrypt.compare(password, user.encrypted_password))) {
        throw new GoTrueError(422, "same_password", "New password should be different from the old password.");
      }
      const [updated] = await sql<UserRow[]>`
        update auth.users set encrypted_password = ${await bcrypt.hash(password, 10)}, updated_at = now()
        where id = ${user.id} returning *`;
      return userJson(updated ?? user);
    }
    if (method === "POST" && path === "/logout") {
      const { sessionId, user } = await authenticated(request);
      const scope = url.searchParams.get("scope") ?? "global";
      for (const [id, session] of sessions) {
        const mine = session.userId === user.id;
        // local: this session; others: the user's other sessions; global: all of them.
        if (scope === "others" ? mine && id !== sessionId : id === sessionId || (scope === "global" && mine)) session.revoked = true;
      }
      return null;
    }
    if (method === "POST" && path === "/recover") {
      const user = await findUser({ email: String(body.email ?? "") });
      // GoTrue answers the same for unknown addresses.
      if (user) mail(user.email, user.id, "recovery", url.searchParams.get("redirect_to") ?? state.baseUrl);
      return {};
    }
    if (method === "POST" && path === "/verify") {
      if (body.type !== "recovery") throw new GoTrueError(400, "validation_failed", "Verify requires a verification type");
      const userId = useOneTimeToken(String(body.token_hash ?? ""), "recovery");
      const user = await findUser({ id: userId });
      if (!user) throw new GoTrueError(404, "user_not_found", "User not found");
      return issueSession(user, "otp");
    }
    if (method === "POST" && path === "/invite") {
      const email = String(body.email ?? "").toLowerCase();
      const existing = await findUser({ email });
      if (existing?.email_confirmed_at) {
        throw new GoTrueError(422, "email_exists", "A user with this email address has already been registered");
      }
      const user = existing ?? (await insertUser({ email, passwordHash: "", confirmed: false, invited: true, metadata: body.data ?? {} }));
      mail(email, user.id, "invite", url.searchParams.get("redirect_to") ?? state.baseUrl);
      return userJson(user);
    }
    if (method === "POST" && path === "/admin/users") {
      const email = String(body.email ?? "").toLowerCase();
      if (await findUser({ email }))
        throw new GoTrueError(422, "email_exists", "A user with this email address has already been registered");
      return userJson(
        await insertUser({
          email,
          passwordHash: body.password ? await bcrypt.hash(String(body.password), 10) : "",
          confirmed: body.email_confirm === true,
          invited: false,
          metadata: body.user_metadata ?? {},
        }),
      );
    }
    const adminUser = path.match(/^\/admin\/users\/([0-9a-f-]{36})$/);
    if (method === "PUT" && adminUser?.[1]) {
      const user = await findUser({ id: adminUser[1] });
      if (!user) throw new GoTrueError(404, "user_not_found", "User not found");
      const [updated] = await sql<UserRow[]>`
        update auth.users set
          encrypted_password = ${body.password ? await bcrypt.hash(String(body.password), 10) : user.encrypted_password},
          email_confirmed_at = ${body.email_confirm === true ? sql`coalesce(email_confirmed_at, now())` : sql`email_confirmed_at`},
          raw_user_meta_data = ${sql.json(((body.user_metadata as postgres.JSONValue) ?? user.raw_user_meta_data ?? {}) as postgres.JSONValue)},
          updated_at = now()
        where id = ${user.id} returning *`;
      return userJson(updated ?? user);
    }
    throw new GoTrueError(404, "not_found", `Unknown path ${method} ${path}`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push({ method: request.method ?? "GET", path: `${url.pathname}${url.search}` });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = { "content-type": "application/json", "x-supabase-api-version": API_VERSION };
    try {
      const text = Buffer.concat(chunks).toString("utf8");
      const result = await route(request, url, text ? JSON.parse(text) : {});
      if (result === null) return response.writeHead(204, headers).end();
      response.writeHead(200, headers).end(JSON.stringify(result));
    } catch (error) {
      const known = error instanceof GoTrueError ? error : new GoTrueError(500, "unexpected_failure", String(error));
      response.writeHead(known.status, headers).end(JSON.stringify({ code: known.code, error_code: known.code, msg: known.message }));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake GoTrue has no port");
  state.baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: state.baseUrl,
    emails,
    requests,
    /** Access tokens issued from now on live this long (negative: already expired, as after a long idle). */
    setAccessTokenTtl(seconds: number) {
      state.accessTokenTtlSeconds = seconds;
    },
    /** A token for `sub` signed with another key under this server's key id: what a forger could make. */
    setRefreshTokenReuseInterval(seconds: number) {
      state.refreshTokenReuseSeconds = seconds;
    },
    async forgeAccessToken(claims: { sub: string; email: string }) {
      const { privateKey: otherKey } = await generateKeyPair("ES256");
      return new SignJWT({ email: claims.email, role: "authenticated", session_id: randomUUID() })
        .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
        .setIssuer(issuer())
        .setSubject(claims.sub)
        .setAudience("authenticated")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(otherKey);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end();
    },
  };
}

export type FakeGoTrue = Awaited<ReturnType<typeof startFakeGoTrue>>;
