import { afterAll, describe, expect, it } from "vitest";
import { asUser } from "@/server/db/client";
import { assignConversation } from "@/server/inbox/commands";
import { stopQueue } from "@/server/jobs/queue";
import { type NotificationSignal, subscribeNotifications } from "@/server/notifications/live";
import { markNotificationsRead } from "@/server/notifications/queries";
import { createConversation, createTeam } from "../support/fixtures";

afterAll(() => stopQueue());

describe("the member's notification stream", () => {
  it("signals the member's own tabs when a notification is made or read, and nobody else's", async () => {
    const w = await createTeam();
    const { conversationId } = await createConversation(w.workspaceId);
    const agentHeard: NotificationSignal[] = [];
    const adminHeard: NotificationSignal[] = [];
    const stops = [
      await subscribeNotifications(w.agent.id, w.workspaceId, (s) => agentHeard.push(s)),
      await subscribeNotifications(w.admin.id, w.workspaceId, (s) => adminHeard.push(s)),
    ];
    try {
      await asUser(w.admin.claims, (tx) =>
        assignConversation(tx, { workspaceId: w.workspaceId, userId: w.admin.id }, conversationId, w.agent.id),
      );
      await expect.poll(() => agentHeard).toEqual([{ op: "insert" }]);
      await asUser(w.agent.claims, (tx) => markNotificationsRead(tx, { workspaceId: w.workspaceId, userId: w.agent.id }, { all: true }));
      await expect.poll(() => agentHeard).toEqual([{ op: "insert" }, { op: "update" }]);
      expect(adminHeard).toEqual([]);
    } finally {
      for (const stop of stops) stop();
    }
  });
});
