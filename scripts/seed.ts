import { CenterHost, loadConfig } from '@zhongtai/kit';
import { allCenters } from '../gateway/src/centers.ts';

/**
 * `pnpm seed`: demo data into every center (idempotent: rows that exist are kept).
 * `--if-empty` seeds only centers that have no data yet.
 */
const onlyWhenEmpty = process.argv.includes('--if-empty');
const host = await CenterHost.open({ config: loadConfig(), seedWhenEmpty: false });
await host.start(allCenters());
const seeded = await host.seed(allCenters(), { onlyWhenEmpty });
console.log(seeded.length ? `seeded: ${seeded.join(', ')}` : 'nothing to seed');
await host.close();
