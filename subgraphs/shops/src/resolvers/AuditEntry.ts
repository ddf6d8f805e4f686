import type { AuditEntryRow } from '../db/tables.ts';
import type { AuditEntryResolvers } from '../generated/resolvers.ts';

export const AuditEntry: AuditEntryResolvers = {
  input: (entry: AuditEntryRow) => JSON.stringify(entry.input),
};
