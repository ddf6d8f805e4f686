import { cpus, freemem, hostname, release, totalmem } from 'node:os';
import type { Sql } from 'postgres';

/** What the numbers were measured on: they mean little without it. */
export async function describeMachine(sql: Sql | undefined) {
  const cpu = cpus();
  const postgres = sql ? ((await sql`select version()`)[0]!.version as string) : 'PGlite (embedded)';
  return {
    host: hostname(),
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    os: `${process.platform} ${release()}`,
    node: process.version,
    postgres,
  };
}
