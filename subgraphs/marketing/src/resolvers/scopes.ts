/** Marketing resolves no entity of its own by reference: its types are reached through its queries. */
export const entityScopes = {};
