/**
 * The analytics center resolves no entity: its rows are read through its root fields (scoped by
 * domain/tenancy.ts), and the Shop and Sku in its answers are references the owning centers resolve.
 */
export const entityScopes = {};
