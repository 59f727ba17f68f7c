import type { ContactField } from "./contact-fields";

/** What a CSV column can fill: a contact field, a custom field (`custom:<key>`), or nothing (""). */
export const IMPORT_FIELDS = ["name", "phone", "email", "tags", "status", "owner"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ImportTarget = ImportField | `custom:${string}` | "";

/** One target per column, in the file's column order. */
export type ImportMapping = ImportTarget[];

export type DuplicateAction = "update" | "skip";

/** Each status value of the file, as written, → the stage it means, or null to leave the status out. */
export type StatusMap = Record<string, string | null>;

/** What the importer chose in the preview; the job does exactly this. */
export interface ImportChoices {
  mapping: ImportMapping;
  onDuplicate: DuplicateAction;
  statusMap?: StatusMap;
  /** Fields whose file values replace an existing contact's non-empty value; the others only fill empty ones. */
  overwrite?: ImportTarget[];
}

export type ImportStatus = "draft" | "queued" | "running" | "done" | "failed";

/** The largest file accepted (bytes) and how many rows the preview shows. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_PREVIEW_ROWS = 20;

// Header names in English, Spanish, Portuguese and Indonesian, written without accents.
const SYNONYMS: Record<ImportField, string[]> = {
  phone: [
    "phone",
    "phone number",
    "telephone",
    "tel",
    "mobile",
    "mobile number",
    "cell",
    "cellphone",
    "whatsapp",
    "whatsapp number",
    "wa",
    "telefono",
    "celular",
    "movil",
    "numero",
    "numero de telefono",
    "telefone",
    "numero de celular",
    "nomor",
    "nomor hp",
    "no hp",
    "hp",
    "nomor telepon",
    "nomor whatsapp",
    "no wa",
    "telepon",
  ],
  name: [
    "name",
    "full name",
    "contact",
    "contact name",
    "customer",
    "nombre",
    "nombre completo",
    "cliente",
    "nome",
    "nome completo",
    "nama",
    "nama lengkap",
    "pelanggan",
  ],
  email: ["email", "e mail", "email address", "mail", "correo", "correo electronico", "e mail address", "surel", "alamat email"],
  tags: ["tags", "tag", "labels", "label", "etiquetas", "etiqueta", "marcadores", "label kontak"],
  status: ["status", "lead status", "stage", "pipeline stage", "estado", "etapa", "fase", "situacao", "tahap", "tahapan"],
  owner: [
    "owner",
    "owner email",
    "assigned to",
    "agent",
    "propietario",
    "responsable",
    "dono",
    "responsavel",
    "pemilik",
    "penanggung jawab",
  ],
};

/** "Teléfono / Celular:" → "telefono celular": lower case, no accents, words only. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A first guess of which column fills which field, from the header names; each field at most once. */
export function guessMapping(headers: string[], fields: Pick<ContactField, "key" | "label">[]): ImportMapping {
  const taken = new Set<ImportTarget>();
  return headers.map((header) => {
    const name = normalizeHeader(header);
    const field = IMPORT_FIELDS.find((f) => !taken.has(f) && SYNONYMS[f].includes(name));
    const custom = fields.find(
      (f) => !taken.has(`custom:${f.key}`) && (normalizeHeader(f.label) === name || normalizeHeader(f.key) === name),
    );
    const target: ImportTarget = field ?? (custom ? `custom:${custom.key}` : "");
    if (target) taken.add(target);
    return target;
  });
}

// Default stage keys in Spanish, Portuguese and Indonesian, written without accents.
const STAGE_SYNONYMS: Record<string, string[]> = {
  new: ["baru", "nuevo", "nueva", "novo", "nova", "lead"],
  contacted: ["dihubungi", "sudah dihubungi", "contactado", "contactada", "contatado", "contatada"],
  qualified: ["qualificado", "calificado", "cualificado", "terkualifikasi", "prospek"],
  won: ["menang", "deal", "closing", "ganado", "ganho", "cliente", "pelanggan", "customer"],
  lost: ["kalah", "batal", "gagal", "perdido", "perdida"],
};

/**
 * The stage a file's status value most likely means: its label or key,
 * ignoring case and accents, or a common word for a default stage ("Baru"
 * is "new" in Indonesian). Null when nothing fits: the person chooses.
 */
export function guessStage(value: string, stages: readonly { key: string; label: string }[]): string | null {
  const wanted = normalizeHeader(value);
  if (!wanted) return null;
  const exact = stages.find((stage) => normalizeHeader(stage.label) === wanted || normalizeHeader(stage.key) === wanted);
  if (exact) return exact.key;
  return stages.find((stage) => STAGE_SYNONYMS[stage.key]?.includes(wanted))?.key ?? null;
}

/** Row numbers as a spreadsheet shows them: the header is row 1. */
export const rowNumberOf = (dataIndex: number) => dataIndex + 2;
