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
