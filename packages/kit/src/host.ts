import { sql } from 'drizzle-orm';
import { TokenService, type TokenInput } from './auth/claims.ts';
import { createRequestContext, systemClock, type Clock, type RequestContext } from './context.ts';
import { CenterRuntime, type CenterDefinition } from './center.ts';
import { loadConfig, subgraphUrlsFromEnv, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateCenter } from './db/migrate.ts';
import { EventBus, type EventBusOptions } from './events/bus.ts';
import { EventPublisher } from './events/publisher.ts';
import { ServiceClient } from './serviceClient.ts';
import { StaffDirectory } from './auth/staffDirectory.ts';
import { flushTracing, startTracing } from './telemetry/tracing.ts';

export interface HostOptions {
  config?: Config;
  /** An already open database (tests share one); otherwise opened from config. */
  database?: Database;
  /** Seed demo data into a center whose tables are empty. Default true. */
  seedWhenEmpty?: boolean;
  /** Where PGlite lives when this process hosts only some centers (cluster mode). */
  pgliteDir?: string;
  /** Start the event relay and job workers. Default true. */
  events?: boolean | EventBusOptions;
  /** The clock of every context this host makes (requests, events, jobs). Default the real one. */
  clock?: Clock;
}

/**
 * Hosts centers in one process: one database, one token service, the registry the service
 * client uses to call a co-hosted center in-process. All-in-one mode hosts every center;
 * a cluster process hosts one.
 */
export class CenterHost {
  readonly centers = new Map<string, CenterRuntime>();
  readonly tokens: TokenService;
  /** Staff standings, cached once for the whole process. */
  readonly staff: StaffDirectory;
  /** The relay and workers; absent when started with `events: false`. */
  bus: EventBus | undefined;

  private constructor(
    readonly config: Config,
    readonly database: Database,
    private readonly seedWhenEmpty: boolean,
    private readonly eventOptions: boolean | EventBusOptions,
    readonly clock: Clock,
  ) {
    this.tokens = new TokenService(config.jwtSecret, config.jwtMaxLifetimeSeconds);
    this.staff = new StaffDirectory(this.serviceClient('auth'), config.staffCacheTtlMs);
  }

  static async open(options: HostOptions = {}): Promise<CenterHost> {
    const config = options.config ?? loadConfig();
    const database =
      options.database ??
      (await openDatabase({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        jobsPoolSize: config.jobsPoolSize,
        pgliteDir: options.pgliteDir ?? (config.dataDir === 'memory' ? 'memory' : `${config.dataDir}/pglite`),
      }));
    return new CenterHost(config, database, options.seedWhenEmpty ?? true, options.events ?? true, options.clock ?? systemClock);
  }

  get development(): boolean {
    return this.config.nodeEnv === 'development';
  }

  async start(definitions: CenterDefinition[]): Promise<void> {
    // On only with an OTLP endpoint (or a test's exporter); a one-center process names itself after it.
    const [only, ...others] = definitions;
    await startTracing({ serviceName: only && !others.length ? `zhongtai-${only.name}` : 'zhongtai' });
    for (const definition of definitions) {
      const db = this.database.forCenter(definition.name);
      await migrateCenter(db, definition.name, definition.migrationsFolder);
      const runtime = new CenterRuntime(definition, {
        db,
        tokens: this.tokens,
        services: this.serviceClient(definition.name),
        events: new EventPublisher(definition.name, definition.outbox, () => this.bus?.nudge()),
        development: this.development,
        introspection: this.config.introspection,
        staff: this.staff,
        limits: this.config.limits,
        clock: this.clock,
        execution: this.config.graphqlExecution,
        compileAtRun: this.config.graphqlCompileAtRun,
      });
      this.centers.set(definition.name, runtime);
    }
    if (this.seedWhenEmpty) await this.seed(definitions, { onlyWhenEmpty: true });
    if (this.eventOptions !== false) {
      const runtimes = [...this.centers.values()];
      this.bus = await EventBus.start(
        this.database,
        runtimes.map((r) => ({ name: r.name, db: r.db, services: r.services, events: r.events, clock: this.clock, ...pickEvents(r.definition) })),
        this.eventOptions === true ? {} : this.eventOptions,
      );
    }
  }

  /** Seeds demo data; centers seed their own tables only. */
  async seed(definitions: CenterDefinition[], { onlyWhenEmpty }: { onlyWhenEmpty: boolean }): Promise<string[]> {
    const seeded: string[] = [];
    for (const definition of definitions) {
      const seed = definition.seed;
      if (!seed) continue;
      const db = this.database.forCenter(definition.name);
      const run = async () => {
        if (onlyWhenEmpty && !(await seed.isEmpty(db))) return false;
        await seed.run(db);
        return true;
      };
      if (await this.oneProcessAtATime(`seed:${definition.name}`, run)) seeded.push(definition.name);
    }
    return seeded;
  }

  /**
   * On PostgreSQL, `work` runs in one process at a time (replicas of a center booting together
   * would both find it empty and seed it twice): a transaction holds an advisory lock meanwhile.
   */
  private async oneProcessAtATime<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.database.driver !== 'postgres') return work();
    return this.database.forCenter('host').transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`zhongtai:${what}`}))`);
      return work();
    });
  }

  center(name: string): CenterRuntime {
    const runtime = this.centers.get(name);
    if (!runtime) throw new Error(`center ${name} is not hosted in this process`);
    return runtime;
  }

  /**
   * A request context for `center` as the holder of `token` (signed and verified like a real
   * one): domain tests call domain functions with it, no GraphQL in between. `clock` is the time
   * its domain rules see (default the host's): a job run with it acts as at that time.
   */
  async contextFor(center: string, token: TokenInput | null, clock: Clock = this.clock): Promise<RequestContext> {
    const runtime = this.center(center);
    const claims = token ? await this.tokens.verify(await this.tokens.sign(token)) : null;
    return createRequestContext({ center, claims, db: runtime.db, services: runtime.services, events: runtime.events, now: clock });
  }

  serviceClient(caller: string): ServiceClient {
    return new ServiceClient({
      caller,
      tokens: this.tokens,
      local: this.centers,
      urlsFor: (center) => subgraphUrlsFromEnv(center),
      timeoutMs: this.config.subgraphTimeoutMs,
    });
  }

  async close(): Promise<void> {
    await this.bus?.stop();
    await this.database.close();
    await flushTracing();
  }
}

function pickEvents(definition: CenterDefinition) {
  return { outbox: definition.outbox, inbox: definition.inbox, handlers: definition.handlers, jobs: definition.jobs };
}
