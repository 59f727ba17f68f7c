"use client";

import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { GripVertical, MessageCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { updateContact } from "@/app/actions/contacts";
import { SendWhatsAppButton } from "@/components/outreach/send-whatsapp-button";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/field";
import { formatPhone } from "@/lib/format";
import type { PipelineCard, PipelineColumn } from "@/server/contacts/queries";

const DOT = {
  gray: "bg-slate-400",
  green: "bg-brand-500",
  blue: "bg-sky-500",
  amber: "bg-amber-500",
  red: "bg-red-500",
  violet: "bg-violet-500",
};

function Card({ card, stageKey, ownerName }: { card: PipelineCard; stageKey: string; ownerName: string | null }) {
  const t = useTranslations("contacts.pipeline");
  const format = useFormatter();
  const now = useNow();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: card.id, data: { from: stageKey } });
  const name = card.name ?? (formatPhone(card.phone_e164) || t("unnamed"));
  return (
    <li
      ref={setNodeRef}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
      className={cn(
        "group relative rounded-lg bg-white p-3 shadow-xs ring-1 ring-slate-200 transition-shadow",
        isDragging ? "z-20 shadow-lg ring-brand-600" : "hover:shadow-sm",
      )}
      data-testid="pipeline-card"
      data-contact-id={card.id}
    >
      <div className="flex items-start gap-2">
        <button
          type="button"
          className="-ml-1 mt-0.5 cursor-grab touch-none rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600 active:cursor-grabbing"
          aria-label={t("move", { name })}
          {...attributes}
          {...listeners}
        >
          <GripVertical className="size-4" aria-hidden />
        </button>
        <div className="min-w-0 flex-1">
          <Link
            href={`/contacts/${card.id}`}
            className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline"
          >
            {name}
          </Link>
          {card.name && card.phone_e164 && <p className="truncate text-xs text-slate-500 tabular-nums">{formatPhone(card.phone_e164)}</p>}
        </div>
        {card.conversation_id && (
          <Link
            href={`/inbox/${card.conversation_id}`}
            className="rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-brand-700"
            aria-label={t("openConversationWith", { name })}
            title={t("openConversation")}
          >
            <MessageCircle className="size-4" aria-hidden />
          </Link>
        )}
        {card.phone_e164 && <SendWhatsAppButton contactId={card.id} contactName={name} compact />}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-slate-500">
        {card.tags.slice(0, 3).map((tag) => (
          <Badge key={tag}>{tag}</Badge>
        ))}
        <span className="ml-auto whitespace-nowrap">{format.relativeTime(new Date(card.last_activity_at), now)}</span>
      </div>
      {(ownerName || card.lead_score > 0) && (
        <div className="mt-1 flex justify-between text-xs text-slate-500">
          <span className="truncate">{ownerName ?? ""}</span>
          {card.lead_score > 0 && <span className="tabular-nums">{t("score", { score: card.lead_score })}</span>}
        </div>
      )}
    </li>
  );
}

function Column({ column, ownerName }: { column: PipelineColumn; ownerName: (id: string | null) => string | null }) {
  const t = useTranslations("contacts.pipeline");
  const format = useFormatter();
  const { setNodeRef, isOver } = useDroppable({ id: column.key });
  const headingId = `stage-${column.key}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-testid="pipeline-column"
      data-stage={column.key}
      className={cn(
        "flex w-72 shrink-0 snap-start flex-col rounded-xl bg-slate-100/80 ring-1 ring-slate-200 transition-colors",
        isOver && "bg-brand-50 ring-brand-600",
      )}
    >
      <header className="flex items-center gap-2 px-3 py-2.5">
        <span className={cn("size-2 rounded-full", DOT[column.tone])} aria-hidden />
        <h2 id={headingId} className="text-sm font-semibold text-slate-800">
          {column.label}
        </h2>
        <span className="ml-auto rounded-full bg-white px-2 text-xs font-medium text-slate-600 tabular-nums ring-1 ring-slate-200">
          {format.number(column.total)}
        </span>
      </header>
      <ul className="flex min-h-24 flex-1 flex-col gap-2 px-2 pb-2">
        {column.cards.map((card) => (
          <Card key={card.id} card={card} stageKey={column.key} ownerName={ownerName(card.owner_id)} />
        ))}
        {column.cards.length === 0 && (
          <li className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-500">{t("dropHere")}</li>
        )}
      </ul>
      {column.total > column.cards.length && (
        <Link
          href={`/contacts?status=${encodeURIComponent(column.key)}`}
          className="px-3 pb-3 text-xs font-medium text-brand-700 hover:underline"
        >
          {t("seeAll", { count: column.total })}
        </Link>
      )}
    </section>
  );
}

/** Moves a card between columns locally: the board answers at once, the server confirms (or the move is undone). */
function moveCard(columns: PipelineColumn[], cardId: string, to: string): PipelineColumn[] {
  const card = columns.flatMap((c) => c.cards).find((c) => c.id === cardId);
  if (!card) return columns;
  return columns.map((column) => {
    const had = column.cards.some((c) => c.id === cardId);
    if (column.key === to && !had) return { ...column, total: column.total + 1, cards: [card, ...column.cards] };
    if (column.key !== to && had) return { ...column, total: column.total - 1, cards: column.cards.filter((c) => c.id !== cardId) };
    return column;
  });
}

/** The Kanban board of lead stages: drag a card (or move it with the keyboard: space, arrows, space) to change its status. */
export function PipelineBoard({ initialColumns, members }: { initialColumns: PipelineColumn[]; members: { id: string; name: string }[] }) {
  const t = useTranslations("contacts.pipeline");
  const router = useRouter();
  const [columns, setColumns] = useState(initialColumns);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setColumns(initialColumns), [initialColumns]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const names = new Map(members.map((m) => [m.id, m.name]));
  const cardName = (id: string | number) => columns.flatMap((c) => c.cards).find((c) => c.id === id)?.name ?? t("theLead");
  const stageLabel = (key: string | number | undefined) => columns.find((c) => c.key === key)?.label ?? t("noStage");

  const announcements: Announcements = {
    onDragStart: ({ active }) => t("announce.start", { name: cardName(active.id) }),
    onDragOver: ({ active, over }) => t("announce.over", { name: cardName(active.id), stage: stageLabel(over?.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t("announce.end", { name: cardName(active.id), stage: stageLabel(over.id) })
        : t("announce.dropped", { name: cardName(active.id) }),
    onDragCancel: ({ active }) => t("announce.cancel", { name: cardName(active.id) }),
  };

  async function onDragEnd({ active, over }: DragEndEvent) {
    const from = active.data.current?.from as string | undefined;
    const to = over?.id as string | undefined;
    if (!to || to === from) return;
    const before = columns;
    setColumns(moveCard(columns, String(active.id), to));
    setError(null);
    const result = await updateContact({ contactId: String(active.id), leadStatus: to });
    if (!result.ok) {
      setColumns(before);
      setError(result.error.message);
      return;
    }
    router.refresh();
  }

  return (
    <div className="space-y-3 p-4 sm:p-6">
      <FormError message={error} />
      <DndContext
        // A fixed id: dnd-kit's generated one differs between server and browser, and the mismatch re-renders the board after hydration.
        id="pipeline"
        sensors={sensors}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable: t("instructions"),
          },
        }}
      >
        <div className="flex snap-x gap-3 overflow-x-auto pb-4">
          {columns.map((column) => (
            <Column key={column.key} column={column} ownerName={(id) => (id ? (names.get(id) ?? null) : null)} />
          ))}
        </div>
      </DndContext>
    </div>
  );
}
