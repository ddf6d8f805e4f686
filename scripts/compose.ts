import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../gateway/src/compose.ts';

/** `pnpm compose`: writes schema/supergraph.graphql and schema/api.graphql from every center's SDL. */
const composed = composeSupergraph();
writeFileSync(new URL('../schema/supergraph.graphql', import.meta.url), composed.supergraphSdl);
writeFileSync(new URL('../schema/api.graphql', import.meta.url), composed.apiSdl);
console.log('wrote schema/supergraph.graphql and schema/api.graphql');
if (composed.unacceptedHints.length) {
  console.error(`composition hints not accepted (see ACCEPTED_HINTS in gateway/src/compose.ts):\n${composed.unacceptedHints.join('\n')}`);
  process.exit(1);
}
