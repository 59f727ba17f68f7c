import { ExternalLink, Image as ImageIcon, Phone, Reply } from "lucide-react";
import { useTranslations } from "next-intl";
import { renderTemplateParts, type TemplateComponent } from "@/lib/templates";

/**
 * A template as the customer will see it in WhatsApp: header, body with the
 * values filled in (a missing one stays visible as {{n}}), footer and
 * buttons. Shared by the inbox's template picker and the New conversation dialog.
 */
export function TemplatePreview({ components, values }: { components: TemplateComponent[]; values: Record<string, string> }) {
  const t = useTranslations("outreach.preview");
  const shown = renderTemplateParts(components, values);
  return (
    <figure aria-label={t("label")} className="rounded-lg bg-[#efeae2] p-3" data-testid="template-preview">
      <div className="max-w-sm rounded-lg rounded-tl-none bg-white text-sm text-slate-800 shadow-xs">
        <div className="space-y-1 px-3 pt-2 pb-1.5">
          {shown.header?.text && <p className="font-semibold">{shown.header.text}</p>}
          {shown.header && !shown.header.text && (
            <p className="flex items-center gap-1.5 rounded bg-slate-100 px-2 py-3 text-xs text-slate-500">
              <ImageIcon className="size-4" aria-hidden /> {t("mediaHeader", { format: shown.header.format })}
            </p>
          )}
          <p className="whitespace-pre-wrap">{shown.body}</p>
          {shown.footer && <p className="text-xs text-slate-500">{shown.footer}</p>}
        </div>
        {shown.buttons.length > 0 && (
          <ul className="divide-y divide-slate-100 border-t border-slate-100">
            {shown.buttons.map((button, index) => {
              const Icon = button.type === "URL" ? ExternalLink : button.type === "PHONE_NUMBER" ? Phone : Reply;
              return (
                // Buttons have no id of their own; their order is fixed by the template.
                <li key={index} className="flex items-center justify-center gap-1.5 py-1.5 text-sm font-medium text-sky-600">
                  <Icon className="size-3.5" aria-hidden /> {button.text}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </figure>
  );
}
