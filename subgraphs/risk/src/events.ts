import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';

/**
 * The risk center hears no event: it is asked synchronously (assessRisk) by the centers that move
 * money, and a caller that went on without it tells it so (recordSkippedAssessment, from the
 * caller's retried job). Windows are read from the counters at assessment time, so nothing needs
 * a timer either.
 */
export const handlers: EventHandlers = {};
export const jobs: Record<string, JobDefinition> = {};

/** The event wiring `defineCenter` takes: outbox, handlers and jobs. */
export const messaging: CenterMessaging = { outbox, handlers, jobs };
