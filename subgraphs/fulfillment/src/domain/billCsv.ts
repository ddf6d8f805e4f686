/**
 * A carrier's bill as CSV: a header `waybill,weight_grams,cost`, then one parcel a line: its
 * waybill (tracking number), the weight the carrier billed in whole grams, and the cost in yuan
 * with exactly two decimals. Parsed strictly: a line that is not exactly that is an error naming
 * its line number, and one error refuses the whole bill (nothing is half imported).
 */
export const BILL_HEADER = ['waybill', 'weight_grams', 'cost'] as const;
export const MAX_BILL_LINES = 5000;
const MAX_WEIGHT_GRAMS = 1_000_000;
const MAX_COST_MINOR = 100_000_000n;

export interface BillCsvLine {
  /** 1-based, counting the header as line 1: what a person sees in the file. */
  lineNumber: number;
  waybill: string;
  weightGrams: number;
  costAmount: bigint;
}

export interface BillCsvError {
  lineNumber: number;
  message: string;
}

export type BillCsv = { ok: true; lines: BillCsvLine[] } | { ok: false; errors: BillCsvError[] };

export function parseBillCsv(csv: string): BillCsv {
  const rows = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (rows.length && rows.at(-1)?.trim() === '') rows.pop();
  const errors: BillCsvError[] = [];
  const header = rows[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== BILL_HEADER.join(','))
    return { ok: false, errors: [{ lineNumber: 1, message: `The first line must be the header ${BILL_HEADER.join(',')}` }] };
  if (rows.length < 2) return { ok: false, errors: [{ lineNumber: 1, message: 'The bill has no lines' }] };
  if (rows.length - 1 > MAX_BILL_LINES)
    return { ok: false, errors: [{ lineNumber: MAX_BILL_LINES + 2, message: `A bill has at most ${MAX_BILL_LINES} lines` }] };
  const lines: BillCsvLine[] = [];
  rows.slice(1).forEach((row, i) => {
    const lineNumber = i + 2;
    const fail = (message: string) => void errors.push({ lineNumber, message });
    const cells = row.split(',').map((c) => c.trim());
    if (cells.length !== 3) return fail(`Expected 3 fields (waybill, weight in grams, cost in yuan), found ${cells.length}`);
    const [waybill, weight, cost] = cells as [string, string, string];
    if (!/^[A-Za-z0-9-]{1,64}$/.test(waybill)) return fail(`Waybill "${waybill.slice(0, 70)}" is not 1 to 64 letters, digits or -`);
    if (!/^\d{1,7}$/.test(weight) || Number(weight) < 1 || Number(weight) > MAX_WEIGHT_GRAMS)
      return fail(`Weight "${weight.slice(0, 20)}" is not a whole number of grams from 1 to ${MAX_WEIGHT_GRAMS}`);
    if (!/^\d{1,9}\.\d{2}$/.test(cost)) return fail(`Cost "${cost.slice(0, 20)}" is not an amount in yuan with two decimals, e.g. 12.50`);
    const costAmount = BigInt(cost.replace('.', ''));
    if (costAmount > MAX_COST_MINOR) return fail(`Cost ${cost} is more than one parcel costs`);
    lines.push({ lineNumber, waybill, weightGrams: Number(weight), costAmount });
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}

/**
 * Whether a billed weight is far from what was packed: off by more than both the grams and the
 * percentage of the packed weight (a small parcel is not flagged for a few grams, a heavy one not
 * for a rounding the percentage allows).
 */
export function weightFarFrom(billed: number, packed: number, tolerance: { percent: number; grams: number }): boolean {
  const off = Math.abs(billed - packed);
  return off > tolerance.grams && off * 100 > packed * tolerance.percent;
}
