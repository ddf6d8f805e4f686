import type { EventHandlers, JobDefinition } from '@zhongtai/kit';

/**
 * The content center hears no event: whether a linked product sells is asked of the catalog on
 * each storefront read (domain/render.ts), and windows are compared with the request's clock, so
 * nothing needs a timer either.
 */
export const handlers: EventHandlers = {};
export const jobs: Record<string, JobDefinition> = {};
