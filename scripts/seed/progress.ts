import { SingleBar } from 'cli-progress';

export interface StageReport {
  stage: string;
  rows: number;
  seconds: number;
  skipped: boolean;
}

/** A progress bar per stage (plain lines every 10 s when the output is not a terminal), then rows and rows/second. */
export class Progress {
  private bar: SingleBar | undefined;
  private started = 0;
  private rows = 0;

  constructor(private readonly quiet = false) {}

  start(stage: string, estimate: number): void {
    this.started = performance.now();
    this.rows = 0;
    if (this.quiet) return;
    this.bar = new SingleBar({
      format: `${stage.padEnd(12)} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | {duration_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
    });
    this.bar.start(Math.max(1, estimate), 0, { speed: 0 });
  }

  add(rows: number): void {
    this.rows += rows;
    this.bar?.update(this.rows, { speed: Math.round(this.rows / this.elapsed()) });
  }

  finish(stage: string): StageReport {
    const seconds = this.elapsed();
    if (this.bar) {
      this.bar.setTotal(Math.max(1, this.rows));
      this.bar.update(this.rows, { speed: Math.round(this.rows / seconds) });
      this.bar.stop();
    }
    this.log(`${stage}: ${this.rows} rows in ${seconds.toFixed(1)} s, ${Math.round(this.rows / seconds)} rows/s`);
    return { stage, rows: this.rows, seconds, skipped: false };
  }

  log(line: string): void {
    if (!this.quiet) console.log(line);
  }

  summary(reports: StageReport[]): void {
    if (this.quiet) return;
    const table = reports.map((r) => ({
      stage: r.stage,
      rows: r.rows,
      seconds: Number(r.seconds.toFixed(1)),
      'rows/s': r.seconds ? Math.round(r.rows / r.seconds) : 0,
      ...(r.skipped ? { note: 'done before' } : {}),
    }));
    const rows = reports.reduce((a, r) => a + r.rows, 0);
    const seconds = reports.filter((r) => !r.skipped).reduce((a, r) => a + r.seconds, 0);
    console.table(table);
    console.log(`total: ${rows} rows, ${seconds.toFixed(1)} s loading`);
  }

  private elapsed(): number {
    return Math.max(0.001, (performance.now() - this.started) / 1000);
  }
}
