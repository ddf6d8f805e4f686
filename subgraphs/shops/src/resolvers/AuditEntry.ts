import type { AuditEntryRow } from '../db/tables.ts';

export const AuditEntry = {
  input: (entry: AuditEntryRow) => JSON.stringify(entry.input),
};
