import type { Database } from "@/lib/database.types";

/** Custom contact fields a workspace defines (public.contact_fields); values live in contacts.custom_attributes. */
export const CONTACT_FIELD_TYPES = ["text", "number", "date", "boolean", "url"] as const;
export type ContactFieldType = (typeof CONTACT_FIELD_TYPES)[number];

/** A field's columns, typed from the generated row (none is a timestamp), type narrowed to what the column's check allows. */
export type ContactField = Pick<Database["public"]["Tables"]["contact_fields"]["Row"], "key" | "label" | "position"> & {
  type: ContactFieldType;
};

export type CustomAttributeValue = string | number | boolean;

/** A label → a stable key: "Order size (kg)" → "order_size_kg". */
export function keyFromLabel(label: string, separator: "_" | "-" = "_"): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "")
    .slice(0, 40);
}

const MAX_TEXT = 500;

/** A value that does not suit its field's type: `expected` says which type, so each language can word it (src/server/contacts). */
export class FieldValueError extends Error {
  constructor(
    readonly label: string,
    readonly expected: ContactFieldType,
  ) {
    super(`${label}: not a valid ${expected}`);
    this.name = "FieldValueError";
  }
}

/**
 * A custom field's value as stored, or null to clear it; throws a
 * FieldValueError when the value does not suit the field's type.
 */
export function coerceFieldValue(field: Pick<ContactField, "label" | "type">, value: unknown): CustomAttributeValue | null {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return null;
  const text = typeof value === "string" ? value.trim() : value;
  switch (field.type) {
    case "number": {
      const number = typeof text === "number" ? text : Number(text);
      if (typeof text === "boolean" || !Number.isFinite(number)) throw new FieldValueError(field.label, "number");
      return number;
    }
    case "boolean":
      if (typeof text === "boolean") return text;
      if (text === "true" || text === "false") return text === "true";
      throw new FieldValueError(field.label, "boolean");
    case "date":
      if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
        throw new FieldValueError(field.label, "date");
      }
      return text;
    case "url": {
      const url = typeof text === "string" && URL.canParse(text) ? new URL(text) : null;
      if (!url || !["http:", "https:"].includes(url.protocol)) throw new FieldValueError(field.label, "url");
      return url.toString();
    }
    case "text":
      if (typeof text !== "string" && typeof text !== "number") throw new FieldValueError(field.label, "text");
      return String(text).slice(0, MAX_TEXT);
  }
}
