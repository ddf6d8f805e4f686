import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTableColumns } from 'drizzle-orm';
import * as tables from '../src/db/tables.ts';

/**
 * Money is never a float in this center: amounts are bigint minor units from the database to the
 * API (kit `toMoney`/`parseMoney`/`toMinor`). The source never turns anything into a JS number the
 * float ways, and no table has a float or numeric column.
 */
const SRC = new URL('../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

// The only number conversions allowed, each with why: a signature timestamp (seconds) and the two whole-number settings.
const ALLOWED = [/Math\.floor\(Date\.now\(\) \/ 1000\)/, /return Number\.parseInt\(value, 10\);/];
const FLOATY = /\bparseFloat\b|\bNumber\(|Number\.parse(Float|Int)|\.toFixed\(|Math\.(round|floor|ceil|trunc)\(|\bparseInt\(/;

describe('money is never a float in the finance center', () => {
  it('no source line converts to a float', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ file: file.slice(SRC.length), line: i + 1, text: line.trim() }))
        .filter(({ text }) => FLOATY.test(text) && !ALLOWED.some((ok) => ok.test(text))),
    );
    expect(offenders).toEqual([]);
  });

  it('every money column is a bigint (minor units), none float or numeric', () => {
    const columns = Object.values(tables)
      .filter((t): t is typeof tables.postings => typeof t === 'object' && t !== null && Symbol.for('drizzle:IsDrizzleTable') in t)
      .flatMap((t) => Object.values(getTableColumns(t)));
    expect(columns.length).toBeGreaterThan(50);
    expect(columns.filter((c) => /real|double|numeric|decimal/i.test(c.getSQLType()))).toEqual([]);
    // A rate in basis points (commission_bps) is a whole number, not money.
    const money = columns.filter(
      (c) => /amount|payable|freight|gross|refund|commission|adjustment|net|balance|discount|points_value|due/.test(c.name) && !c.name.endsWith('_bps'),
    );
    expect(money.length).toBeGreaterThan(20);
    expect(money.filter((c) => c.getSQLType() !== 'bigint').map((c) => c.name)).toEqual([]);
  });
});
