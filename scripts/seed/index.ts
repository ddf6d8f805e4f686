import { CenterHost, loadConfig } from '@zhongtai/kit';
import { allCenters } from '../../gateway/src/centers.ts';
import { seedScale } from './load.ts';
import { scaleNamed } from '@zhongtai/kit/largeSeed';

/**
 * `pnpm seed`: demo data into every center (idempotent: rows that exist are kept).
 * `--if-empty` seeds only centers that have no data yet.
 * `--scale small` is the same; `--scale tiny|medium|large` loads generated shops, products,
 * members and orders on top (PostgreSQL; tiny also runs on PGlite), resumable stage by stage.
 */
const argv = process.argv.slice(2);
const at = argv.indexOf('--scale');
const scale = scaleNamed(at >= 0 ? (argv[at + 1] ?? '') : (argv.find((a) => a.startsWith('--scale='))?.slice(8) ?? 'small'));
const config = loadConfig();
if (scale !== 'small' && scale.name !== 'tiny' && !config.databaseUrl) {
  console.error(`--scale ${scale.name} needs PostgreSQL: set DATABASE_URL=postgres://... (PGlite takes --scale small and tiny only)`);
  process.exit(1);
}
const host = await CenterHost.open({ config, seedWhenEmpty: false, ...(scale === 'small' ? {} : { events: false }) });
try {
  if (scale === 'small') {
    await host.start(allCenters());
    const seeded = await host.seed(allCenters(), { onlyWhenEmpty: argv.includes('--if-empty') });
    console.log(seeded.length ? `seeded: ${seeded.join(', ')}` : 'nothing to seed');
  } else {
    await seedScale({ database: host.database, url: config.databaseUrl, scale });
  }
} finally {
  await host.close();
}
