import type { EventHandlers, JobDefinition } from '@zhongtai/kit';
import { carryOut } from './domain/carryOut.ts';
import { autoApprove, CARRY_OUT_JOB } from './domain/decisions.ts';
import { AUTO_APPROVE_JOB } from './domain/requests.ts';

/** After-sales handles no other center's events yet. */
export const handlers: EventHandlers = {};

/** Timers; each is idempotent (a guarded transition decides), because the queue may run it again. */
export const jobs: Record<string, JobDefinition> = {
  [AUTO_APPROVE_JOB]: { handler: async (ctx, data) => void (await autoApprove(ctx, String(data.requestId))) },
  [CARRY_OUT_JOB]: { handler: (ctx, data) => carryOut(ctx, String(data.requestId)) },
};
