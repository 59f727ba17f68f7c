import { describe, expect, it } from "vitest";
import { providerProblem } from "@/server/whatsapp/channels/record";
import { ProviderError, request } from "@/server/whatsapp/providers/client";
import { freePort } from "../support/free-port";

describe("a provider that cannot be reached", () => {
  it("reads as words for the agent, with the network's own reason kept as the detail", async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const error = await request(`http://${host}/v21.0/messages`, { method: "POST" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    const failure = error as ProviderError;
    expect(failure.transient).toBe(true);
    expect(failure.details).toMatchObject({ title: `Couldn't reach WhatsApp (${host})`, message: "Check the connection and try again." });
    expect(failure.details.details).toMatch(new RegExp(`^${host} unreachable: `));

    // Connecting a number: the admin's sentence on top, the technical reason under Details.
    expect(providerProblem(failure, "Meta")).toMatchObject({
      code: "invalid",
      message: "Couldn't reach Meta just now. Nothing was saved; check the connection and try again.",
      technical: failure.message,
    });
  });
});
