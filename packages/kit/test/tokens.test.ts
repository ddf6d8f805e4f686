import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenService } from '../src/auth/claims.ts';

const tokens = new TokenService('a-secret-of-at-least-32-characters-here');

afterEach(() => vi.useRealTimers());

describe('TokenService.verify keeps what it verified', () => {
  it('a token verified once is refused once it expires', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z'), toFake: ['Date'] });
    const token = await tokens.sign({ role: 'CUSTOMER', memberId: 'mem_1', expiresIn: '2m' });
    expect((await tokens.verify(token)).memberId).toBe('mem_1');
    expect((await tokens.verify(token)).memberId).toBe('mem_1');
    vi.setSystemTime(new Date('2026-12-01T00:02:01Z'));
    await expect(tokens.verify(token)).rejects.toMatchObject({ message: 'Token expired' });
  });

  it('a token differing from a verified one in its signature is verified again, and refused', async () => {
    const token = await tokens.sign({ role: 'ADMIN', staffId: 'stf_1' });
    await tokens.verify(token);
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(tokens.verify(forged)).rejects.toMatchObject({ message: 'Invalid token' });
    await expect(tokens.verify(forged)).rejects.toMatchObject({ message: 'Invalid token' });
  });

  it('another service with another secret does not accept it', async () => {
    const token = await tokens.sign({ role: 'ANALYST' });
    await tokens.verify(token);
    await expect(new TokenService('another-secret-of-at-least-32-characters').verify(token)).rejects.toMatchObject({ message: 'Invalid token' });
  });
});
