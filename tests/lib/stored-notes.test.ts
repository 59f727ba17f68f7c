import { describe, expect, it } from "vitest";
import { readNotes, storeNotes } from "@/lib/stored-notes";
import { translatorFor } from "@/server/i18n/translator";

describe("stored notes", () => {
  it("are read in each reader's language, several one after the other", async () => {
    const stored = storeNotes(["errors.ai.handoff.couldNotAnswer", { key: "errors.ai.unreachable", values: { host: "llm.example.com" } }]);
    expect(readNotes(stored, await translatorFor("en"))).toBe(
      "The AI assistant could not answer: Couldn't reach the model server at llm.example.com. Check the API base URL and that the server is running.",
    );
    expect(readNotes(stored, await translatorFor("pt-BR"))).toBe(
      "O assistente de IA não conseguiu responder: Não foi possível acessar o servidor do modelo em llm.example.com. Confira a URL base da API e se o servidor está rodando.",
    );
    expect(readNotes(storeNotes([{ text: "Kunde verärgert" }]), await translatorFor("es"))).toBe("Kunde verärgert");
  });

  it("read a note inside another's values in the same language (a refusal inside 'Not sent: …')", async () => {
    const refusal = { key: "errors.urls.refusedResolves", values: { host: "rebind.example.com", address: "10.0.0.7" } };
    const stored = storeNotes([{ key: "errors.webhooks.delivery.notSent", values: { reason: refusal } }]);
    expect(readNotes(stored, await translatorFor("en"))).toBe(
      "Not sent: rebind.example.com resolves to 10.0.0.7, an address of a private network",
    );
    expect(readNotes(stored, await translatorFor("es"))).toBe(
      "No enviado: rebind.example.com apunta a 10.0.0.7, una dirección de una red privada",
    );
    // A nested key the catalogue no longer has: the whole note is shown as stored.
    const gone = storeNotes([{ key: "errors.webhooks.delivery.notSent", values: { reason: { key: "errors.gone" } } }]);
    expect(readNotes(gone, await translatorFor("en"))).toBe(gone);
  });

  it("show anything else as it was written: older English text, a model's words, JSON that is no note, a key no longer in the catalogue", async () => {
    const es = await translatorFor("es");
    for (const stored of [
      "Empty row.",
      "Customer asked for a person",
      '{"reason":"x"}',
      "[]",
      "12",
      JSON.stringify({ key: "errors.gone" }),
    ]) {
      expect(readNotes(stored, es)).toBe(stored);
    }
  });
});
