import { describe, expect, it } from "vitest";
import { negotiateLocale } from "@/lib/locales";

describe("negotiateLocale: the language a person reads the app in", () => {
  it("takes the language chosen in the profile over the browser's", () => {
    expect(negotiateLocale({ chosen: "es", acceptLanguage: "id-ID,id;q=0.9", workspaceDefault: "pt-BR" })).toBe("es");
  });

  it("ignores a stored choice the app does not speak", () => {
    expect(negotiateLocale({ chosen: "fr", acceptLanguage: "id-ID", workspaceDefault: "en" })).toBe("id");
  });

  it.each([
    ["id-ID,id;q=0.9,en-US;q=0.8", "id"],
    ["es-CO,es;q=0.9", "es"],
    ["es-419", "es"],
    ["pt-PT,pt;q=0.9", "pt-BR"],
    ["pt", "pt-BR"],
    ["en-GB", "en"],
    ["fr-FR,fr;q=0.9,es;q=0.5", "es"],
  ])("follows the browser: %s reads %s", (acceptLanguage, locale) => {
    expect(negotiateLocale({ acceptLanguage, workspaceDefault: "en" })).toBe(locale);
  });

  it("falls back to the workspace's default when the browser asks only for languages the app lacks", () => {
    expect(negotiateLocale({ acceptLanguage: "fr-FR,de;q=0.8", workspaceDefault: "id" })).toBe("id");
    expect(negotiateLocale({ acceptLanguage: null, workspaceDefault: "pt-BR" })).toBe("pt-BR");
  });

  it("falls back to English without a workspace, and survives a malformed header", () => {
    expect(negotiateLocale({ acceptLanguage: "fr" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "@@,;;q=x", workspaceDefault: "es" })).toBe("es");
  });
});
