import { describe, expect, it } from 'vitest';
import {
  hasPermission,
  PLATFORM_ROLE_PERMISSIONS,
  PLATFORM_STAFF_ROLES,
  redact,
  REDACTED,
  SHOP_ROLE_PERMISSIONS,
  SHOP_STAFF_ROLES,
  StaffDirectory,
  type ServiceClient,
  type StaffStanding,
} from '../src/index.ts';

describe('the role → permission map', () => {
  it('gives each role what its work needs and not the rest', () => {
    expect(hasPermission({ kind: 'SHOP', role: 'WAREHOUSE' }, 'shipment:ship')).toBe(true);
    expect(hasPermission({ kind: 'SHOP', role: 'WAREHOUSE' }, 'order:refund')).toBe(false);
    expect(hasPermission({ kind: 'SHOP', role: 'FINANCE' }, 'order:refund')).toBe(true);
    expect(hasPermission({ kind: 'SHOP', role: 'FINANCE' }, 'shipment:ship')).toBe(false);
    // FINANCE is a role of both kinds: the kind decides which map applies.
    expect(hasPermission({ kind: 'PLATFORM', role: 'AUDITOR' }, 'audit:read')).toBe(true);
    expect(hasPermission({ kind: 'SHOP', role: 'AUDITOR' }, 'audit:read')).toBe(false);
    expect(hasPermission({ kind: 'PLATFORM', role: 'OPERATOR' }, 'platform-staff:manage')).toBe(false);
    // Only the platform manages its own staff; a shop OWNER holds every shop permission.
    for (const role of SHOP_STAFF_ROLES) expect(SHOP_ROLE_PERMISSIONS[role]).not.toContain('platform-staff:manage');
    for (const role of PLATFORM_STAFF_ROLES) if (role !== 'SUPER_ADMIN') expect(PLATFORM_ROLE_PERMISSIONS[role]).not.toContain('platform-staff:manage');
    for (const role of SHOP_STAFF_ROLES) for (const p of SHOP_ROLE_PERMISSIONS[role]) expect(SHOP_ROLE_PERMISSIONS.OWNER).toContain(p);
  });
});

describe('redaction of audit input', () => {
  it('masks mobile numbers, ID numbers and e-mail addresses inside free text, not order numbers or amounts', () => {
    expect(redact({ text: '请联系 13800001111 或 a.b@example.com，身份证 11010519491231002X' })).toEqual({
      text: `请联系 ${REDACTED} 或 ${REDACTED}，身份证 ${REDACTED}`,
    });
    expect(redact({ orderNo: '202611290000123456789', amount: '199.00', skuIds: ['sku_01HK153X00000000000000003N'] })).toEqual({
      orderNo: '202611290000123456789',
      amount: '199.00',
      skuIds: ['sku_01HK153X00000000000000003N'],
    });
  });

  it('removes personal data and secrets by key name at any depth, keeps the rest', () => {
    const input = {
      input: {
        orderId: 'ord_1',
        reason: '改地址',
        address: { receiver: '王芳', phone: '+86 137', province: '浙江省', detail: '文三路' },
        contact: { name: '张伟', phone: '+86 138' },
        lines: [{ orderLineId: 'l1', receiverName: '李雷', contactPhone: '139', amount: { amount: '1.00', currencyCode: 'CNY' } }],
        staff: { name: 'Emily', email: 'e@x.example', role: 'WAREHOUSE', id_card: '110101199001011234' },
        name: '华为旗舰店',
        apiToken: 't',
        clientSecret: 's',
        password: 'p',
        note: null,
      },
    };
    expect(redact(input)).toEqual({
      input: {
        orderId: 'ord_1',
        reason: '改地址',
        address: REDACTED,
        contact: REDACTED,
        lines: [{ orderLineId: 'l1', receiverName: REDACTED, contactPhone: REDACTED, amount: { amount: '1.00', currencyCode: 'CNY' } }],
        staff: { name: REDACTED, email: REDACTED, role: 'WAREHOUSE', id_card: REDACTED },
        name: '华为旗舰店',
        apiToken: REDACTED,
        clientSecret: REDACTED,
        password: REDACTED,
        note: null,
      },
    });
  });

  it('cuts long lists', () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ skuId: `sku_${i}` }));
    const out = redact({ rows }) as { rows: unknown[] };
    expect(out.rows).toHaveLength(51);
    expect(out.rows.at(-1)).toBe('[70 more]');
  });
});

describe('the staff directory', () => {
  const standing = (id: string, active = true): StaffStanding => ({ id, kind: 'SHOP', shopId: 'shp_1', role: 'OWNER', active });
  /** Stands in for the shops center's SERVICE query; the real one runs in tests/staff.test.ts. */
  function directory(rows: Map<string, StaffStanding>) {
    const calls: string[][] = [];
    let now = 0;
    const services = {
      call: async (_op: unknown, { ids }: { ids: string[] }) => (
        calls.push(ids),
        { staffStandings: ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])) }
      ),
    } as unknown as ServiceClient;
    return { calls, dir: new StaffDirectory(services, 1000, () => now), advance: (ms: number) => (now += ms) };
  }

  it('asks once for all ids of a tick, caches for the TTL, then asks again', async () => {
    const rows = new Map([
      ['a', standing('a')],
      ['b', standing('b')],
    ]);
    const { calls, dir, advance } = directory(rows);
    expect(await Promise.all([dir.standing('a'), dir.standing('b'), dir.standing('a'), dir.standing('x')])).toEqual([
      rows.get('a'),
      rows.get('b'),
      rows.get('a'),
      null,
    ]);
    expect(calls).toEqual([['a', 'b', 'x']]);
    rows.set('a', standing('a', false));
    expect((await dir.standing('a'))!.active).toBe(true);
    advance(1001);
    expect((await dir.standing('a'))!.active).toBe(false);
    expect(calls).toHaveLength(2);
  });
});
