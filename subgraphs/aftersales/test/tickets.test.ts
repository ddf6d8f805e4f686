import { describe, expect, it } from 'vitest';
import { canMoveTicket, canReopen, leastLoadedAgent, raisedPriority, slaDeadlines, type AgentLoad } from '../src/domain/tickets/rules.ts';

const timers = { firstResponseSeconds: 4 * 3600, resolutionSeconds: 48 * 3600, reopenSeconds: 7 * 24 * 3600 };
const at = new Date('2026-11-11T12:00:00Z');
const hoursAfter = (d: Date) => (d.getTime() - at.getTime()) / 3_600_000;

describe('service ticket rules', () => {
  it('the SLA clocks shrink with priority: URGENT a quarter, HIGH half, LOW twice NORMAL', () => {
    const due = (p: Parameters<typeof slaDeadlines>[0]) => {
      const d = slaDeadlines(p, at, timers);
      return [hoursAfter(d.firstResponseDueAt), hoursAfter(d.resolutionDueAt)];
    };
    expect(due('URGENT')).toEqual([1, 12]);
    expect(due('HIGH')).toEqual([2, 24]);
    expect(due('NORMAL')).toEqual([4, 48]);
    expect(due('LOW')).toEqual([8, 96]);
  });

  it('a breach raises the priority one step and never past URGENT', () => {
    expect(raisedPriority('LOW')).toBe('NORMAL');
    expect(raisedPriority('NORMAL')).toBe('HIGH');
    expect(raisedPriority('HIGH')).toBe('URGENT');
    expect(raisedPriority('URGENT')).toBe('URGENT');
  });

  it('the least-loaded active agent who takes the category; ties to the lower staff id; nobody is undefined', () => {
    const agents: AgentLoad[] = [
      { staffId: 'stf_b', categories: ['ORDER'], active: true, openTickets: 1 },
      { staffId: 'stf_a', categories: ['ORDER', 'DELIVERY'], active: true, openTickets: 1 },
      { staffId: 'stf_c', categories: [], active: true, openTickets: 3 },
      { staffId: 'stf_d', categories: ['ORDER'], active: false, openTickets: 0 },
    ];
    expect(leastLoadedAgent(agents, 'ORDER')?.staffId).toBe('stf_a');
    expect(leastLoadedAgent(agents, 'PAYMENT')?.staffId).toBe('stf_c');
    expect(leastLoadedAgent(agents.slice(0, 2), 'PAYMENT')).toBeUndefined();
    expect(leastLoadedAgent([{ ...agents[0]!, openTickets: 0 }, agents[1]!], 'ORDER')?.staffId).toBe('stf_b');
  });

  it('moves: waiting goes back to the agent; a resolved or closed ticket reopens; nothing skips resolution to close', () => {
    expect(canMoveTicket('ASSIGNED', 'WAITING_CUSTOMER')).toBe(true);
    expect(canMoveTicket('WAITING_CUSTOMER', 'ASSIGNED')).toBe(true);
    expect(canMoveTicket('RESOLVED', 'ASSIGNED')).toBe(true);
    expect(canMoveTicket('CLOSED', 'OPEN')).toBe(true);
    expect(canMoveTicket('ASSIGNED', 'CLOSED')).toBe(false);
    expect(canMoveTicket('OPEN', 'WAITING_CUSTOMER')).toBe(false);
    expect(canMoveTicket('RESOLVED', 'RESOLVED')).toBe(false);
  });

  it('reopening is allowed up to the end of the window and not after', () => {
    const window = timers.reopenSeconds * 1000;
    expect(canReopen(at, new Date(at.getTime() + window), timers)).toBe(true);
    expect(canReopen(at, new Date(at.getTime() + window + 1), timers)).toBe(false);
    expect(canReopen(null, at, timers)).toBe(false);
  });
});
