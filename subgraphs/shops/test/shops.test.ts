import { and, eq, sql } from 'drizzle-orm';
import { CenterHost, newId, Problems, rowsOf, type AuditRecordedEvent, type EventEnvelope, type TokenInput } from '@zhongtai/kit';
import { openTestDatabase, TEST_ADMIN, testAdmin, testMerchant, type TestDatabase } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, outbox } from '../src/db/tables.ts';
import { listAuditEntries, storeAuditEntry } from '../src/domain/audit.ts';
import { createPlatformStaff, setPlatformStaffStatus, staffStandings, updatePlatformStaff } from '../src/domain/platformStaff.ts';
import { canTransition, validateContact } from '../src/domain/shopRules.ts';
import { changeShopStatus, createShop, loadShop, statusHistory, updateShop } from '../src/domain/shops.ts';
import { addStaff, updateStaff } from '../src/domain/staff.ts';
import { shopsCenter } from '../src/index.ts';

/** The shop center's own rules, against a real database (no gateway: `host.contextFor`). */
let testDb: TestDatabase;
let host: CenterHost;
beforeAll(async () => {
  testDb = await openTestDatabase();
  host = await CenterHost.open({ config: testDb.config, database: testDb.database, seedWhenEmpty: false, events: false });
  await host.start([shopsCenter]);
}, 180_000);
afterAll(async () => {
  await testDb?.drop();
});

const as = (token: TokenInput) => host.contextFor('shops', token);
const db = () => host.database.forCenter('shops');
const codes = (r: { ok: boolean; errors?: { code: string }[] }) => (r.ok ? [] : r.errors!.map((e) => e.code));
let shopCount = 0;
async function shop(name = `测试店铺 Test shop ${++shopCount}`) {
  const result = await createShop(await as(TEST_ADMIN), { name, contact: { name: '店长 Owner', phone: '+86 138 0000 0000', email: 'owner@shop.example' } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('shop rules', () => {
  it('a closed shop stays closed; active and suspended go both ways', () => {
    expect(canTransition('ACTIVE', 'SUSPENDED')).toBe(true);
    expect(canTransition('SUSPENDED', 'ACTIVE')).toBe(true);
    expect(canTransition('SUSPENDED', 'CLOSED')).toBe(true);
    expect(canTransition('CLOSED', 'ACTIVE')).toBe(false);
    expect(canTransition('CLOSED', 'SUSPENDED')).toBe(false);
    expect(canTransition('ACTIVE', 'ACTIVE')).toBe(false);
  });

  it('a contact needs a name; a phone and an email, when given, must look like one', () => {
    const problems = new Problems();
    expect(validateContact(problems, { name: ' ', phone: 'call me', email: 'nobody' }, ['input', 'contact'])).toBeUndefined();
    expect(problems.errors.map((e) => [(e.field ?? []).join('.'), e.code])).toEqual([
      ['input.contact.name', expect.any(String)],
      ['input.contact.phone', 'INVALID'],
      ['input.contact.email', 'INVALID'],
    ]);
    expect(validateContact(new Problems(), { name: '王 Wang', phone: '+86 755 1234 5678' }, ['c'])).toEqual({
      contactName: '王 Wang',
      contactPhone: '+86 755 1234 5678',
      contactEmail: null,
    });
  });
});

describe('shops', () => {
  it('names are unique; only the platform renames; a merchant changes only their own shop', async () => {
    const mine = await shop();
    const taken = await createShop(await as(TEST_ADMIN), { name: mine.name, contact: { name: 'x' } });
    expect(codes(taken)).toEqual(['TAKEN']);

    const merchant = await as(testMerchant(mine.id));
    const described = await updateShop(merchant, { id: mine.id, description: '新描述 New description' });
    expect(described.ok && described.value.description).toBe('新描述 New description');
    await expect(updateShop(merchant, { id: mine.id, name: 'Renamed' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const other = await shop();
    await expect(updateShop(merchant, { id: other.id, description: 'not mine' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await loadShop(await as(TEST_ADMIN), other.id))!.description).toBeNull();
    expect(codes(await updateShop(await as(TEST_ADMIN), { id: 'not-an-id' }))).toEqual(['INVALID_ID']);
    expect(codes(await updateShop(await as(TEST_ADMIN), { id: newId('shp') }))).toEqual(['NOT_FOUND']);
  });

  it('a status change is recorded with who and why, and announced once in the outbox; CLOSED is final', async () => {
    const s = await shop();
    const admin = await as(testAdmin('OPERATOR'));
    expect((await changeShopStatus(admin, { id: s.id, status: 'SUSPENDED', reason: '资质过期 Licence expired' })).ok).toBe(true);
    expect((await changeShopStatus(admin, { id: s.id, status: 'ACTIVE' })).ok).toBe(true);
    expect((await changeShopStatus(admin, { id: s.id, status: 'CLOSED', reason: '停业 Closing down' })).ok).toBe(true);
    expect(codes(await changeShopStatus(admin, { id: s.id, status: 'ACTIVE' }))).toEqual(['INVALID_TRANSITION']);

    const history = await statusHistory(admin, s.id);
    expect(history.map((c) => [c.fromStatus, c.toStatus, c.reason, c.actor])).toEqual([
      ['ACTIVE', 'SUSPENDED', '资质过期 Licence expired', 'admin:operator'],
      ['SUSPENDED', 'ACTIVE', null, 'admin:operator'],
      ['ACTIVE', 'CLOSED', '停业 Closing down', 'admin:operator'],
    ]);
    const events = await db()
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.topic, 'ShopStatusChanged'), sql`${outbox.payload}->>'shopId' = ${s.id}`))
      .orderBy(outbox.createdAt, outbox.id);
    expect(events.map((e) => e.payload)).toEqual([
      { shopId: s.id, from: 'ACTIVE', to: 'SUSPENDED', reason: '资质过期 Licence expired' },
      { shopId: s.id, from: 'SUSPENDED', to: 'ACTIVE', reason: null },
      { shopId: s.id, from: 'ACTIVE', to: 'CLOSED', reason: '停业 Closing down' },
    ]);
  });
});

describe('shop staff', () => {
  it('an email works once per shop; only the platform appoints or demotes an owner; a closed shop hires nobody', async () => {
    const s = await shop();
    const merchant = await as(testMerchant(s.id));
    const hired = await addStaff(merchant, { shopId: s.id, name: '仓管 Keeper', email: 'Keeper@Shop.example', role: 'WAREHOUSE' });
    expect(hired.ok && [hired.value.email, hired.value.role, hired.value.status]).toEqual(['keeper@shop.example', 'WAREHOUSE', 'ACTIVE']);
    expect(codes(await addStaff(merchant, { shopId: s.id, name: 'Again', email: 'keeper@shop.example', role: 'FINANCE' }))).toEqual(['TAKEN']);
    expect(codes(await addStaff(merchant, { shopId: s.id, name: 'Boss', email: 'boss@shop.example', role: 'OWNER' }))).toEqual(['INVALID']);

    const owner = await addStaff(await as(TEST_ADMIN), { shopId: s.id, name: 'Boss', email: 'boss@shop.example', role: 'OWNER' });
    expect(owner.ok).toBe(true);
    if (!owner.ok) return;
    expect(codes(await updateStaff(merchant, { id: owner.value.id, role: 'OPERATIONS' }))).toEqual(['INVALID']);
    const demoted = await updateStaff(await as(TEST_ADMIN), { id: owner.value.id, role: 'OPERATIONS' });
    expect(demoted.ok && demoted.value.role).toBe('OPERATIONS');

    await expect(
      addStaff(await as(testMerchant((await shop()).id)), { shopId: s.id, name: 'Spy', email: 'spy@x.example', role: 'FINANCE' }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await changeShopStatus(await as(TEST_ADMIN), { id: s.id, status: 'CLOSED' })).ok).toBe(true);
    expect(codes(await addStaff(await as(TEST_ADMIN), { shopId: s.id, name: 'Late', email: 'late@shop.example', role: 'FINANCE' }))).toEqual(['INACTIVE']);
  });

  it("the permission check sees a member's current role and status, shop and platform staff alike", async () => {
    const s = await shop();
    const hired = await addStaff(await as(TEST_ADMIN), { shopId: s.id, name: '客服 Agent', email: 'agent@shop.example', role: 'CUSTOMER_SERVICE' });
    const operator = await createPlatformStaff(await as(TEST_ADMIN), { name: '运营 Operator', email: `op${shopCount}@platform.example`, role: 'OPERATOR' });
    if (!hired.ok || !operator.ok) throw new Error('setup failed');
    await updateStaff(await as(TEST_ADMIN), { id: hired.value.id, status: 'DISABLED' });
    expect((await setPlatformStaffStatus(await as(TEST_ADMIN), { id: operator.value.id }, 'SUSPENDED')).ok).toBe(true);

    const standings = await staffStandings(await as({ role: 'SERVICE', subject: 'service:test' }), [
      hired.value.id,
      operator.value.id,
      newId('stf'),
      'garbage',
    ]);
    expect(standings.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { id: operator.value.id, kind: 'PLATFORM', shopId: null, role: 'OPERATOR', active: false },
      { id: hired.value.id, kind: 'SHOP', shopId: s.id, role: 'CUSTOMER_SERVICE', active: false },
    ]);
  });

  it('platform staff: emails are unique, nobody changes their own role or suspends themselves, a status is set once', async () => {
    const email = `auditor${shopCount}@platform.example`;
    const auditor = await createPlatformStaff(await as(TEST_ADMIN), { name: '审计 Auditor', email, role: 'AUDITOR' });
    if (!auditor.ok) throw new Error(JSON.stringify(auditor.errors));
    expect(codes(await createPlatformStaff(await as(TEST_ADMIN), { name: 'Twin', email, role: 'OPERATOR' }))).toEqual(['TAKEN']);

    const self = await as({ role: 'ADMIN', staffId: auditor.value.id, subject: 'admin:auditor' });
    expect(codes(await updatePlatformStaff(self, { id: auditor.value.id, role: 'SUPER_ADMIN' }))).toEqual(['INVALID']);
    expect(codes(await setPlatformStaffStatus(self, { id: auditor.value.id }, 'SUSPENDED'))).toEqual(['INVALID']);
    expect(codes(await setPlatformStaffStatus(await as(TEST_ADMIN), { id: auditor.value.id }, 'ACTIVE'))).toEqual(['INVALID_TRANSITION']);
  });
});

describe('the audit log', () => {
  const entry = (shopId: string | null, operation: string): EventEnvelope<'AuditRecorded'> => {
    const payload: AuditRecordedEvent = {
      staffId: newId('stf'),
      staffKind: 'SHOP',
      staffRole: 'OWNER',
      tokenRole: 'MERCHANT',
      subject: `merchant:${shopId}`,
      shopId,
      center: 'catalog',
      operation,
      input: { name: 'x' },
      result: 'OK',
      codes: [],
      requestId: newId('req'),
      at: new Date().toISOString(),
    };
    return { id: newId('evt'), topic: 'AuditRecorded', producer: 'catalog', occurredAt: payload.at, payload };
  };

  it('a redelivered entry is stored once; entries cannot be changed or deleted', async () => {
    const s = await shop();
    const event = entry(s.id, 'createSpu');
    const service = await as({ role: 'SERVICE', subject: 'service:test' });
    await storeAuditEntry(service, event);
    await storeAuditEntry(service, event);
    expect(await db().select().from(auditEntries).where(eq(auditEntries.id, event.id))).toHaveLength(1);

    await expect(db().execute(sql`update shops.audit_entries set result = 'ERROR' where id = ${event.id}`)).rejects.toThrow();
    await expect(db().execute(sql`delete from shops.audit_entries where id = ${event.id}`)).rejects.toThrow();
    const [row] = rowsOf<{ result: string }>(await db().execute(sql`select result from shops.audit_entries where id = ${event.id}`));
    expect(row!.result).toBe('OK');
  });

  it("a shop's merchant reads only their shop's entries; another shop is refused, not narrowed", async () => {
    const [a, b] = [await shop(), await shop()];
    const service = await as({ role: 'SERVICE', subject: 'service:test' });
    await storeAuditEntry(service, entry(a.id, 'updateSku'));
    await storeAuditEntry(service, entry(b.id, 'updateSku'));
    const merchant = await as(testMerchant(a.id));
    const page = await listAuditEntries(merchant, { first: 10 }, { operation: 'updateSku' });
    expect(page.nodes.map((n) => n.shopId)).toEqual([a.id]);
    expect(() => listAuditEntries(merchant, { first: 1 }, { shopId: b.id })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    const all = await listAuditEntries(await as(testAdmin('AUDITOR')), { first: 10 }, { operation: 'updateSku' });
    expect(all.nodes.map((n) => n.shopId).sort()).toEqual([a.id, b.id].sort());
  });
});
