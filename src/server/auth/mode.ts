import "server-only";
import { env } from "@/server/env";
import { localAuth } from "./local";
import type { AuthProvider } from "./provider";
import { supabaseAuth } from "./supabase";

/**
 * Supabase Auth when the project's URL and publishable key are configured,
 * local accounts otherwise (DESIGN decision 5). The URL with only the secret
 * key is Supabase Storage for media, not sign-in.
 */
export function authProvider(): AuthProvider {
  const { NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY } = env();
  return NEXT_PUBLIC_SUPABASE_URL && NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ? supabaseAuth : localAuth;
}
