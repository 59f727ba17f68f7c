import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { FormError } from "@/components/ui/field";
import { getSessionClaims } from "@/server/auth/current-user";
import { authProvider } from "@/server/auth/mode";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  if (await getSessionClaims()) redirect("/inbox");
  const { next, error } = await searchParams;
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">Sign in to your inbox</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">Answer your WhatsApp customers together.</p>
      {error === "link" && (
        <div className="mb-4">
          <FormError message="That email link has expired or was already used. Ask for a new one." />
        </div>
      )}
      <LoginForm next={next} />
      {authProvider().passwordReset && (
        <Link href="/forgot-password" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          Forgot your password?
        </Link>
      )}
    </AuthCard>
  );
}
