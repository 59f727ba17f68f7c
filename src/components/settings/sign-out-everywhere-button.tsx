"use client";

import { LogOut } from "lucide-react";
import { signOutEverywhere } from "@/app/actions/auth";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function SignOutEverywhereButton() {
  return (
    <ConfirmButton
      title="Sign out everywhere?"
      description="Every browser and device signed in to your account is signed out, this one included. Sign in again with your password."
      confirmLabel="Sign out everywhere"
      action={signOutEverywhere}
    >
      <LogOut className="size-4" aria-hidden />
      Sign out everywhere
    </ConfirmButton>
  );
}
