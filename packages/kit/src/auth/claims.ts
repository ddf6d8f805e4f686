import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { DEFAULT_JWT_MAX_LIFETIME_SECONDS } from '../config.ts';
import { unauthenticated } from '../errors.ts';

export const ROLES = ['ADMIN', 'MERCHANT', 'ANALYST', 'CUSTOMER', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/** Roles held by staff: their permissions come from the staff member's current role. */
export const STAFF_TOKEN_ROLES: readonly Role[] = ['ADMIN', 'MERCHANT'];
export const isStaffToken = (claims: Pick<Claims, 'role'> | null | undefined): boolean => !!claims && STAFF_TOKEN_ROLES.includes(claims.role);

/** What a verified bearer token says about its holder. */
export interface Claims {
  subject: string;
  role: Role;
  /** Set for MERCHANT: the one shop the holder works for. */
  shopId: string | null;
  /** Set for CUSTOMER: the member the holder is. */
  memberId: string | null;
  /** Set for MERCHANT (shop staff) and ADMIN (platform staff): the staff member the holder is. */
  staffId: string | null;
  /** Scopes checked by @requiresScopes: the role in lower case plus any `scope` claim. */
  scopes: ReadonlySet<string>;
}

const ISSUER = 'zhongtai';
const AUDIENCE = 'zhongtai-graph';
/** Distinct callers' tokens kept verified per process (about 10 MB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface TokenInput {
  role: Role;
  subject?: string;
  shopId?: string;
  memberId?: string;
  staffId?: string;
  scope?: string;
  expiresIn?: string;
}

export class TokenService {
  private readonly key: Uint8Array;

  /** `maxLifetimeSeconds`: JWT_MAX_LIFETIME_SECONDS; a token must expire, and within this of its issue. */
  constructor(
    secret: string,
    private readonly maxLifetimeSeconds = DEFAULT_JWT_MAX_LIFETIME_SECONDS,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(input: TokenInput): Promise<string> {
    const payload: Record<string, unknown> = { role: input.role };
    if (input.shopId) payload.shopId = input.shopId;
    if (input.memberId) payload.memberId = input.memberId;
    if (input.staffId) payload.staffId = input.staffId;
    if (input.scope) payload.scope = input.scope;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(input.subject ?? `${input.role.toLowerCase()}:${input.shopId ?? input.memberId ?? 'dev'}`)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(input.expiresIn ?? '12h')
      .sign(this.key);
  }

  /**
   * Tokens already verified, until their expiry: one request presents its token to the gateway and
   * again to every subgraph it reaches (six verifications for an order list), and the same caller
   * sends it on every request. The key is the whole token, signature included, so a hit is a token
   * this service verified; bounded, oldest first out.
   */
  private readonly verified = new Map<string, { claims: Claims; expiresAtMs: number }>();

  /** Verifies signature, issuer, audience and expiry; throws UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<Claims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.claims;
      this.verified.delete(token);
    }
    return this.verifySignature(token);
  }

  private async verifySignature(token: string): Promise<Claims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token expired');
      throw unauthenticated('Invalid token');
    }
    this.checkLifetime(payload);
    const claims = claimsFromPayload(payload);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { claims, expiresAtMs: (payload.exp as number) * 1000 });
    return claims;
  }

  /** A leaked token must stop working: no `exp` or a longer life than allowed is refused. */
  private checkLifetime(payload: Record<string, unknown>): void {
    if (typeof payload.exp !== 'number') throw unauthenticated('Token has no expiry (exp)');
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (payload.exp - issuedAt > this.maxLifetimeSeconds) throw unauthenticated(`Token lives longer than ${this.maxLifetimeSeconds} seconds`);
  }

  /** Reads `Authorization: Bearer <jwt>`; no header means anonymous (null). */
  async fromAuthorizationHeader(header: string | null | undefined): Promise<Claims | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw unauthenticated('Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }
}

function claimsFromPayload(payload: Record<string, unknown>): Claims {
  const role = payload.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw unauthenticated('Token has no valid role');
  const shopId = typeof payload.shopId === 'string' ? payload.shopId : null;
  const memberId = typeof payload.memberId === 'string' ? payload.memberId : null;
  const staffId = typeof payload.staffId === 'string' ? payload.staffId : null;
  if (role === 'MERCHANT' && !shopId) throw unauthenticated('A MERCHANT token must name its shopId');
  if ((role === 'MERCHANT' || role === 'ADMIN') && !staffId) throw unauthenticated(`A ${role} token must name its staffId`);
  if (role === 'CUSTOMER' && !memberId) throw unauthenticated('A CUSTOMER token must name its memberId');
  const scopes = new Set<string>([role.toLowerCase()]);
  // Extra scopes may narrow or extend within a role, never name another role.
  const roleScopes = new Set(ROLES.map((r) => r.toLowerCase()));
  if (typeof payload.scope === 'string') for (const s of payload.scope.split(' ')) if (s && !roleScopes.has(s)) scopes.add(s);
  return { subject: String(payload.sub ?? ''), role: role as Role, shopId, memberId, staffId, scopes };
}
