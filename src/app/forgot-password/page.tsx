import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/password-reset-forms";
import { authProvider } from "@/server/auth/mode";

export const metadata: Metadata = { title: "Reset your password" };

/** Public; only where the auth mode can mail (local accounts ask an admin instead). */
export default async function ForgotPasswordPage() {
  // Rendered per request: the auth mode comes from the server's environment, not the build's.
  await connection();
  if (!authProvider().passwordReset) notFound();
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">We will email you a link to choose a new one.</p>
      <ForgotPasswordForm />
      <Link href="/login" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
        Back to sign-in
      </Link>
    </AuthCard>
  );
}
