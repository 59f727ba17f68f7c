import { z } from "zod";

/** GoTrue-shaped JWT claims: what RLS reads through auth.uid() / auth.jwt(). */
export const userClaims = z.object({
  sub: z.uuid(),
  email: z.string(),
  role: z.literal("authenticated"),
  aud: z.literal("authenticated"),
  exp: z.number(),
  iat: z.number().optional(),
  session_id: z.string().optional(),
});

export type UserClaims = z.infer<typeof userClaims>;

/**
 * Claims of a request made with a workspace API key: `sub` is the key's id
 * (never a user), and private.is_member() accepts them for the named
 * workspace while the key is not revoked.
 */
export const apiKeyClaims = z.object({
  sub: z.uuid(),
  role: z.literal("authenticated"),
  aud: z.literal("authenticated"),
  api_key: z.literal(true),
  workspace_id: z.uuid(),
  scope: z.enum(["read", "write"]),
});

export type ApiKeyClaims = z.infer<typeof apiKeyClaims>;
