import type { TemplateParameter } from "./templates";

/** A contact's detail a template parameter can be filled from: name, phone, email or a custom field. */
export interface ContactFieldValue {
  key: string;
  label: string;
  value: string;
}

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
const looksLikePhone = (text: string) => /^\+?[\d\s().-]{7,}$/.test(text);

/**
 * Which contact field fills each parameter at first (the agent can change
 * every one): Meta's example says what a parameter is when it is an email
 * address or a phone number; a parameter named after a field (its key or
 * label in the example, "name", "order_no") takes that field; and the
 * body's first parameter is, by the near-universal convention of "Hi {{1}}",
 * the customer's name. Returns field keys by parameter key ("body.1").
 */
export function prefillFields(slots: TemplateParameter[], fields: ContactFieldValue[]): Record<string, string> {
  const has = (key: string) => fields.some((f) => f.key === key && f.value);
  const prefill: Record<string, string> = {};
  for (const slot of slots) {
    const example = slot.example?.trim() ?? "";
    const named = fields.find((f) => f.value && example && [f.key, f.label.toLowerCase()].includes(example.toLowerCase()));
    const key = named
      ? named.key
      : looksLikeEmail(example)
        ? "email"
        : looksLikePhone(example)
          ? "phone"
          : slot.component === "body" && slot.key === "1"
            ? "name"
            : null;
    if (key && has(key)) prefill[slot.id] = key;
  }
  return prefill;
}

/** The parameter values a prefill gives, from the contact's fields. */
export function prefillValues(prefill: Record<string, string>, fields: ContactFieldValue[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(prefill).flatMap(([slot, key]) => {
      const value = fields.find((f) => f.key === key)?.value;
      return value ? [[slot, value]] : [];
    }),
  );
}
