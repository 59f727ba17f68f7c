import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionClaims } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getSessionClaims()) redirect("/inbox");
  const { next } = await searchParams;
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">Sign in to your inbox</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">Answer your WhatsApp customers together.</p>
      <LoginForm next={next} />
    </AuthCard>
  );
}
