"use client";

import { useTranslations } from "next-intl";
import { type MediaProblem, mediaProblemMessage } from "@/lib/whatsapp-media";

/** Says why a file would be refused, in the reader's language (the same sentence the server answers with). */
export function useMediaProblemText(): (problem: MediaProblem) => string {
  const t = useTranslations();
  return (problem) => {
    const { key, values } = mediaProblemMessage(problem);
    return t(key, values as never);
  };
}
