import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import type { QueryCounter } from './db/queryCounter.ts';
import type { CenterDefinition } from './center.ts';
import { CenterHost } from './host.ts';

// Apart from testing.ts because vitest's globalSetup builds the template, and there no module may import vitest.

/**
 * A database for one test file: an in-memory PGlite, or, when DATABASE_URL is set, a fresh
 * PostgreSQL database created for this file and dropped after it (files run in parallel and
 * must not see each other's rows).
 */
export interface TestDatabase {
  database: Database;
  config: Config;
  /** The URL of the fresh database (PostgreSQL only), for child processes. */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A database every test graph can start from instead of an empty one: all centers migrated and
 * the demo data seeded, built once per test run (tests/support/globalSetup.ts). On PostgreSQL a
 * template database each file clones (CREATE DATABASE ... TEMPLATE, half a second); on PGlite a
 * data directory dump each file loads. It saves each gateway test file the migrations and seed.
 */
export type DatabaseTemplate = { kind: 'postgres'; database: string } | { kind: 'pglite'; file: string };

export async function openTestDatabase(options: { counter?: QueryCounter; template?: DatabaseTemplate | null } = {}): Promise<TestDatabase> {
  const base = loadConfig();
  const template = options.template ?? null;
  if (!base.databaseUrl) {
    const pgliteLoad = template?.kind === 'pglite' ? new Blob([await readFile(template.file)]) : undefined;
    const database = await openDatabase({ pgliteDir: 'memory', counter: options.counter, pgliteLoad });
    return { database, config: { ...base, dataDir: 'memory' }, url: undefined, drop: () => database.close() };
  }
  const name = `zt_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(template?.kind === 'postgres' ? `create database ${name} template ${template.database}` : `create database ${name}`);
  const url = new URL(base.databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), counter: options.counter, poolSize: 20 });
  return {
    database,
    config: { ...base, databaseUrl: url.toString() },
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Builds the template: a fresh test database with `centers` migrated and seeded, the events the
 * seed published handled, then released: on PostgreSQL the database stays (drop it
 * with the returned `drop`), on PGlite its dump is written to a file in the system's temp folder.
 */
export async function buildDatabaseTemplate(centers: CenterDefinition[]): Promise<{ template: DatabaseTemplate; drop(): Promise<void> }> {
  const testDb = await openTestDatabase();
  const host = await CenterHost.open({ config: testDb.config, database: testDb.database, seedWhenEmpty: true });
  await host.start(centers);
  // The seed's own events (members' points, say) are applied here once, not by every test graph.
  await host.bus?.drain();
  if (testDb.url) {
    await host.close();
    const database = new URL(testDb.url).pathname.slice(1);
    return { template: { kind: 'postgres', database }, drop: () => testDb.drop() };
  }
  if (!testDb.database.dump) throw new Error('this database cannot be dumped as a template');
  const file = join(tmpdir(), `zt-template-${randomBytes(6).toString('hex')}.tar`);
  await writeFile(file, Buffer.from(await (await testDb.database.dump()).arrayBuffer()));
  await host.close();
  return { template: { kind: 'pglite', file }, drop: () => rm(file, { force: true }) };
}
