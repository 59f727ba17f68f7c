import { ExternalLink, FileText, Image as ImageIcon, MapPin, Phone, Reply, Video } from "lucide-react";
import { useTranslations } from "next-intl";
import { renderTemplateParts, type TemplateComponent } from "@/lib/templates";

const MEDIA_ICONS = { IMAGE: ImageIcon, VIDEO: Video, DOCUMENT: FileText, LOCATION: MapPin } as const;

/**
 * A template as the customer's WhatsApp shows it: the bubble with its
 * header, body and footer, and the buttons under it. `values` fill the
 * placeholders (by TemplateParameter.id); unfilled ones stay visible.
 */
export function TemplatePreview({ components, values = {} }: { components: TemplateComponent[]; values?: Record<string, string> }) {
  const t = useTranslations("templates.preview");
  const parts = renderTemplateParts(components, values);
  const MediaIcon =
    parts.header && parts.header.format !== "TEXT" ? (MEDIA_ICONS[parts.header.format as keyof typeof MEDIA_ICONS] ?? FileText) : null;
  return (
    <figure aria-label={t("label")} className="rounded-xl bg-[#efeae2] p-3 sm:p-4">
      <div className="max-w-sm">
        <div className="rounded-lg rounded-tl-none bg-white p-1.5 shadow-sm">
          {MediaIcon && (
            <div className="mb-1 flex h-28 items-center justify-center rounded-md bg-slate-200 text-slate-500">
              <MediaIcon className="size-8" aria-hidden />
              <span className="sr-only">{t("mediaHeader", { format: parts.header?.format ?? "" })}</span>
            </div>
          )}
          <div className="space-y-1 px-1.5 pb-1 pt-0.5 text-[0.9rem] leading-snug text-slate-900">
            {parts.header?.text && <p className="font-semibold">{parts.header.text}</p>}
            <p className="whitespace-pre-wrap break-words">
              {parts.body || <span className="text-slate-500">{t("messagePlaceholder")}</span>}
            </p>
            {parts.footer && <p className="text-xs text-slate-500">{parts.footer}</p>}
          </div>
        </div>
        {parts.buttons.length > 0 && (
          <ul className="mt-1 space-y-1">
            {parts.buttons.map((button, index) => {
              const Icon = button.type === "URL" ? ExternalLink : button.type === "PHONE_NUMBER" ? Phone : Reply;
              return (
                <li
                  // Buttons have no id of their own; their position is what Meta keys them by.
                  key={index}
                  className="flex items-center justify-center gap-1.5 rounded-lg bg-white px-3 py-2 text-sm font-medium text-sky-600 shadow-sm"
                  title={button.url ?? button.phoneNumber ?? undefined}
                >
                  <Icon className="size-4" aria-hidden />
                  {button.text || <span className="text-slate-500">{t("button")}</span>}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </figure>
  );
}
