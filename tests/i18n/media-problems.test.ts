import { describe, expect, it } from "vitest";
import { headerMediaProblem, type TemplateComponent } from "@/lib/templates";
import { mediaProblem, mediaProblemMessage } from "@/lib/whatsapp-media";
import { storeHeaderMedia } from "@/server/broadcasts/header-media";
import { AppError, render } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";

const imageHeader: TemplateComponent[] = [{ type: "HEADER", format: "IMAGE" }];

describe("why a file would be refused", () => {
  it("is data, worded by one catalogue sentence per reason in each language", async () => {
    const sticker = mediaProblem("image/webp", 600 * 1024);
    expect(sticker).toEqual({ reason: "size", kind: "sticker", maxBytes: 500 * 1024 });
    const tooBig = sticker && mediaProblemMessage(sticker);
    expect(tooBig && render(tooBig)).toBe("WhatsApp allows sticker files up to 0.5 MB.");
    expect(tooBig && render(tooBig, await translatorFor("pt-BR"))).toBe("O WhatsApp aceita arquivos de figurinha de até 0,5 MB.");

    const wrongHeader = headerMediaProblem(imageHeader, { mimeType: "application/pdf", size: 10 });
    expect(wrongHeader && render(mediaProblemMessage(wrongHeader), await translatorFor("es"))).toBe(
      "El encabezado de la plantilla es una imagen: elige un archivo JPEG o PNG, no application/pdf.",
    );
    expect(headerMediaProblem(imageHeader, { mimeType: "image/png", size: 10 })).toBeNull();
  });

  it("reaches the server's caller in their language and the API in English", async () => {
    const refusal = await storeHeaderMedia("00000000-0000-0000-0000-000000000000", new File(["x"], "app.exe", { type: "" })).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toBe("WhatsApp cannot send files of type unknown.");
    expect(render((refusal as AppError).text, await translatorFor("id"))).toBe(
      "WhatsApp tidak dapat mengirim file yang jenisnya tidak diketahui.",
    );
  });
});
