import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it } from "vitest";
import { recipientsCsv } from "@/server/broadcasts/queries";
import { runBroadcast } from "@/server/broadcasts/run";
import { createTeam } from "../support/fixtures";
import { CATALOGUES } from "../support/intl";
import { createChannel, type TestChannel } from "../support/webhooks";
import { approvedTemplate, create, insertContacts } from "./support";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let templateId: string;

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ workspaceId: team.workspaceId });
  templateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
});

describe("the recipients' CSV file", () => {
  it("has the reader's header row and skip reasons", async () => {
    const tag = `export-${Date.now()}`;
    await insertContacts(team.workspaceId, [
      { name: "Lucía", tags: [tag] },
      { name: "Dada de baja", tags: [tag], optedOut: true },
    ]);
    const { id } = await create(team.admin, team.workspaceId, {
      channelId: channel.id,
      templateId,
      csv: null,
      filter: { tags: [tag] },
      start: "now",
    });
    await runBroadcast(id);

    const t = createTranslator({ locale: "es", messages: CATALOGUES.es, namespace: "broadcasts" });
    const stream = await recipientsCsv(team.admin.claims, team.workspaceId, id, {
      header: Object.values(CATALOGUES.es.broadcasts.export.header),
      skipReason: (reason) => t(`skipReasons.${reason}`),
    });
    const lines = (await new Response(stream).text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toMatch(/^Teléfono,Nombre,Estado,Motivo de omisión,Código de fallo,Motivo del fallo,Enviado,/);
    expect(lines.find((line) => line.includes("Dada de baja"))).toContain(",skipped,Dado de baja,");
  });
});
