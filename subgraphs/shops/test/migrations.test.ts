import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrateCenter, rowsOf } from '@zhongtai/kit';
import { openTestDatabase, type TestDatabase } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The staff-roles migration moves existing rows to the new roles instead of failing on them. */
const FOLDER = fileURLToPath(new URL('../src/db/migrations', import.meta.url));
let testDb: TestDatabase;
let before: string;

beforeAll(async () => {
  testDb = await openTestDatabase();
  // The migrations as they were before staff permissions: the journal cut after 0001.
  before = mkdtempSync(join(tmpdir(), 'shops-migrations-'));
  cpSync(FOLDER, before, { recursive: true });
  const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0002');
  writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal));
});
afterAll(async () => {
  rmSync(before, { recursive: true, force: true });
  await testDb?.drop();
});

describe('shops migrations', () => {
  it('MANAGER becomes OPERATIONS and STAFF becomes CUSTOMER_SERVICE; OWNER stays', async () => {
    const db = testDb.database.forCenter('shops');
    await migrateCenter(db, 'shops', before);
    await db.execute(sql`insert into shops.shops (id, name, contact_name) values ('shp_m', 'Old shop', 'Someone')`);
    await db.execute(sql`insert into shops.shop_staff (id, shop_id, name, email, role) values
      ('stf_o', 'shp_m', 'O', 'o@x.example', 'OWNER'), ('stf_m', 'shp_m', 'M', 'm@x.example', 'MANAGER'), ('stf_s', 'shp_m', 'S', 's@x.example', 'STAFF')`);
    expect(await migrateCenter(db, 'shops', FOLDER)).toBe(1);
    const rows = rowsOf<{ id: string; role: string }>(await db.execute(sql`select id, role::text as role from shops.shop_staff order by id`));
    expect(rows).toEqual([
      { id: 'stf_m', role: 'OPERATIONS' },
      { id: 'stf_o', role: 'OWNER' },
      { id: 'stf_s', role: 'CUSTOMER_SERVICE' },
    ]);
  });
});
