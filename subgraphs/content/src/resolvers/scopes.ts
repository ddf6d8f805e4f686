/**
 * The content center resolves no entity by reference: pages and proposals are read through its
 * own root fields, scoped by domain/tenancy.ts; `Spu` and `Shop` are other centers' keys it only names.
 */
export const entityScopes = {};
