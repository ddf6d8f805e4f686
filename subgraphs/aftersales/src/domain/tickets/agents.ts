import { ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import { supportAgents, TICKET_CATEGORIES, type TicketCategory } from '../../db/ticketTables.ts';
import { assertPlatformDesk } from './access.ts';
import { agentLoads } from './assignment.ts';
import type { AgentLoad } from './rules.ts';

/**
 * Puts a platform staff member on the support roster (or changes which categories they take, or
 * takes them off with `active: false`; their open tickets stay theirs until reassigned).
 */
export async function setSupportAgent(
  ctx: RequestContext,
  input: { staffId: string; categories: TicketCategory[]; active?: boolean | null },
): Promise<Result<AgentLoad>> {
  assertPlatformDesk(ctx);
  const problems = new Problems();
  const categories = [...new Set(input.categories)];
  problems.check(
    categories.every((c) => (TICKET_CATEGORIES as readonly string[]).includes(c)),
    ['input', 'categories'],
    'INVALID',
    'Unknown category',
  );
  const standing = await ctx.staff?.standing(input.staffId);
  if (!standing || standing.kind !== 'PLATFORM') problems.add(['input', 'staffId'], 'NOT_FOUND', `${input.staffId} is not a member of the platform's staff`);
  else problems.check(standing.active, ['input', 'staffId'], 'INVALID', `${input.staffId} is suspended`);
  if (problems.any) return problems.refuse();
  const active = input.active ?? true;
  const now = ctx.now();
  await ctx.db
    .insert(supportAgents)
    .values({ staffId: input.staffId, categories, active, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: supportAgents.staffId, set: { categories, active, updatedAt: now } });
  const agent = (await agentLoads(ctx.db, false)).find((a) => a.staffId === input.staffId);
  if (!agent) throw new Error(`support agent ${input.staffId} was not saved`);
  return ok(agent);
}

/** The roster with each agent's open tickets. */
export async function listSupportAgents(ctx: RequestContext): Promise<AgentLoad[]> {
  assertPlatformDesk(ctx);
  return agentLoads(ctx.db, false);
}
