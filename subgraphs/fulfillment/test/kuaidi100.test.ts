import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoShopId, signCallback } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN as ADMIN, type TestWorld } from '@zhongtai/kit/testing';
import { eventsOfPush, kuaidi100State, md5Upper, pushSign } from '../src/carriers/kuaidi100/protocol.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../src/carriers/wire.ts';
import { trackingSubscriptions } from '../src/db/carrierTables.ts';
import { shipments, trackingEvents } from '../src/db/shipmentTables.ts';
import { outbox, type CarrierRow } from '../src/db/tables.ts';
import { createCarrier } from '../src/domain/carriers.ts';
import { carrierByCode } from '../src/domain/shipping.ts';
import { subscribeTracking } from '../src/domain/trackingSubscriptions.ts';
import { fulfillmentCenter } from '../src/index.ts';
import { SANDBOX_DEMO_SECRET } from '../src/seed/demo.ts';
import { RUN, shipParcel } from './fixtures.ts';
import { startKuaidi100Fake, type Kuaidi100Fake } from './kuaidi100Fake.ts';

const shopId = demoShopId(1);
let world: TestWorld;
let fake: Kuaidi100Fake;
let hooks: Server;
let carrier: CarrierRow;
const saved = { ...process.env };

/** Stands in for the gateway's /hooks: hands a POST to the center's route, as the gateway does. */
function serveHooks(w: TestWorld): Promise<Server> {
  const server = createServer((req, res) => {
    let rawBody = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (rawBody += c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://hooks');
      const path = url.pathname.replace(/^\/hooks\/fulfillment/, '');
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const answer = await w.host.center('fulfillment').handleRoute('POST', path, { rawBody, headers, query: url.searchParams });
      res.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' });
      res.end(answer?.text ?? JSON.stringify(answer?.body ?? null));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  fake = await startKuaidi100Fake();
  world = await openTestWorld({ centers: [fulfillmentCenter], seed: [fulfillmentCenter] });
  hooks = await serveHooks(world);
  Object.assign(process.env, fake.env, { CARRIER_CALLBACK_BASE_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}` });
  carrier = mustOk(
    await createCarrier(await world.as(ADMIN), {
      code: `K100${RUN}`.slice(0, 32),
      name: '顺丰 via 快递100',
      trackingAdapter: 'KUAIDI100',
      trackingCompanyCode: 'shunfeng',
    }),
  ).carrier;
});
afterAll(async () => {
  for (const key of [...Object.keys(fake?.env ?? {}), 'CARRIER_CALLBACK_BASE_URL']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await world?.close().catch(() => {});
  await fake?.close();
  await new Promise((resolve) => hooks?.close(resolve));
});

const db = () => world.host.database.forCenter('fulfillment');
const ship = (via: CarrierRow) => shipParcel(world, via, { shopId });

const reload = async (id: string) => (await db().select().from(shipments).where(eq(shipments.id, id)))[0]!;
const timeline = (id: string) =>
  db()
    .select({ status: trackingEvents.status, description: trackingEvents.description })
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, id))
    .orderBy(asc(trackingEvents.occurredAt));
const published = (topic: string, shipmentId: string) =>
  db()
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.topic, topic), sql`${outbox.payload}->>'shipmentId' = ${shipmentId}`))
    .then((rows) => rows.map((r) => r.payload as Record<string, unknown>));
const subscriptionOf = async (id: string) => (await db().select().from(trackingSubscriptions).where(eq(trackingSubscriptions.shipmentId, id)))[0]!;

const line = (ftime: string, context: string, status?: string) => ({ ftime, time: ftime, context, areaName: '浙江,杭州市', ...(status ? { status } : {}) });
const pickedUp = line('2026-03-01 09:00:00', '【杭州市】顺丰速运 已收取快件', '揽收');
const inTransit = line('2026-03-01 20:00:00', '快件已发车', '在途');
const signedFor = line('2026-03-02 15:30:00', '快件已签收，签收人：本人', '签收');

describe('快递100 protocol (pure)', () => {
  it('signs a push as upper-case MD5 of param + salt', () => {
    expect(md5Upper('abc')).toBe('900150983CD24FB0D6963F7D28E17F72');
    expect(pushSign('{"a":1}', 'salt')).toBe(md5Upper('{"a":1}salt'));
  });

  it('maps its states to ours: problems (疑难, 退签, 退回, 拒签) are exceptions; unknown ones are not acted on', () => {
    const states = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '14', '301', '201', '501', '101', '99', 'x'];
    expect(Object.fromEntries(states.map((s) => [s, kuaidi100State(s)]))).toEqual({
      '0': 'IN_TRANSIT',
      '1': 'PICKED_UP',
      '2': 'EXCEPTION',
      '3': 'DELIVERED',
      '4': 'EXCEPTION',
      '5': 'OUT_FOR_DELIVERY',
      '6': 'EXCEPTION',
      '7': 'IN_TRANSIT',
      '8': 'IN_TRANSIT',
      '14': 'EXCEPTION',
      '301': 'DELIVERED',
      '201': 'EXCEPTION',
      '501': 'OUT_FOR_DELIVERY',
      '101': null,
      '99': null,
      x: null,
    });
  });

  it('reads the history oldest first (China time), the newest line taking the parcel state, with ids stable across pushes', () => {
    const events = eventsOfPush({ lastResult: { state: '3', nu: 'SF1', com: 'shunfeng', data: [signedFor, inTransit, pickedUp] } })!;
    expect(events.map((e) => [e.status, e.occurredAt])).toEqual([
      ['PICKED_UP', '2026-03-01T01:00:00.000Z'],
      ['IN_TRANSIT', '2026-03-01T12:00:00.000Z'],
      ['DELIVERED', '2026-03-02T07:30:00.000Z'],
    ]);
    const again = eventsOfPush({ lastResult: { state: '0', nu: 'SF1', com: 'shunfeng', data: [inTransit, pickedUp] } })!;
    expect(again.map((e) => e.eventId)).toEqual(events.slice(0, 2).map((e) => e.eventId));
    expect(eventsOfPush({ lastResult: { state: '0', data: [] } })).toBeUndefined();
  });
});

describe('快递100 subscribe and push (against a local fake)', () => {
  it('subscribes a parcel when it ships: schema=json, param {company, number, key, parameters {callbackurl, salt, resultv2}}', async () => {
    const parcel = await ship(carrier);
    expect(await subscriptionOf(parcel.id)).toMatchObject({ status: 'PENDING', adapter: 'KUAIDI100', attempts: 0 });
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    const subscription = await subscriptionOf(parcel.id);
    expect(subscription).toMatchObject({ status: 'SUBSCRIBED', attempts: 1, lastError: null });
    const request = fake.requests.find((r) => r.param.number === parcel.trackingNumber)!;
    expect(request).toEqual({
      schema: 'json',
      param: {
        company: 'shunfeng',
        number: parcel.trackingNumber,
        key: fake.key,
        to: '浙江省杭州市西湖区',
        parameters: {
          callbackurl: `${process.env.CARRIER_CALLBACK_BASE_URL}/hooks/fulfillment/kuaidi100/push`,
          salt: subscription.salt,
          resultv2: '1',
          phone: '13800000000',
        },
      },
    });
    // The job runs again (a retry after a crash): the subscription is settled, nothing is sent twice.
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    expect(fake.requests.filter((r) => r.param.number === parcel.trackingNumber)).toHaveLength(1);
  });

  it('retries a subscription 快递100 could not take (503), and records a refusal (bad key) as FAILED', async () => {
    const parcel = await ship(carrier);
    fake.failNext(1);
    await expect(subscribeTracking(await world.as(ADMIN), parcel.id)).rejects.toThrow('HTTP 503');
    expect(await subscriptionOf(parcel.id)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'subscribe: HTTP 503' });
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    expect(await subscriptionOf(parcel.id)).toMatchObject({ status: 'SUBSCRIBED', attempts: 2 });

    const refused = await ship(carrier);
    process.env.KUAIDI100_KEY = 'not-the-key';
    try {
      await subscribeTracking(await world.as(ADMIN), refused.id);
    } finally {
      process.env.KUAIDI100_KEY = fake.key;
    }
    expect(await subscriptionOf(refused.id)).toMatchObject({ status: 'FAILED', lastError: '600 您不是合法的订阅者（即授权Key出错）' });
  });

  it('a push with a bad signature changes nothing and is answered with a failure 快递100 delivers again', async () => {
    const parcel = await ship(carrier);
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    const forged = await fake.push(parcel.trackingNumber, { state: '3', data: [signedFor, inTransit, pickedUp] }, { salt: 'not-the-salt' });
    expect(forged).toEqual({ status: 401, body: { result: false, returnCode: '401', message: '签名错误 bad signature' } });
    const unsigned = await fake.push(parcel.trackingNumber, { state: '3', data: [signedFor] }, { sign: '' });
    expect(unsigned.status).toBe(401);
    expect(await reload(parcel.id)).toMatchObject({ status: 'SHIPPED', progress: 'SHIPPED', deliveredAt: null });
    expect(await timeline(parcel.id)).toEqual([]);
    expect(await published('ShipmentDelivered', parcel.id)).toEqual([]);
    expect((await subscriptionOf(parcel.id)).lastPushAt).toBeNull();
  });

  it('signed pushes move the parcel to DELIVERED once, like the sandbox carrier’s delivery; a repeated push changes nothing', async () => {
    const parcel = await ship(carrier);
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    const success = { status: 200, body: { result: true, returnCode: '200', message: '成功' } };
    expect(await fake.push(parcel.trackingNumber, { state: '0', data: [inTransit, pickedUp] })).toEqual(success);
    expect(await reload(parcel.id)).toMatchObject({ status: 'IN_TRANSIT', progress: 'IN_TRANSIT' });
    expect(await fake.push(parcel.trackingNumber, { state: '3', data: [signedFor, inTransit, pickedUp] })).toEqual(success);
    const delivered = await reload(parcel.id);
    expect(delivered).toMatchObject({ status: 'DELIVERED', progress: 'DELIVERED', deliveredAt: new Date('2026-03-02T07:30:00.000Z') });
    expect((await timeline(parcel.id)).map((e) => e.status)).toEqual(['PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);
    expect(await published('ShipmentDelivered', parcel.id)).toEqual([
      { orderId: parcel.orderId, shipmentId: parcel.id, deliveredAt: '2026-03-02T07:30:00.000Z' },
    ]);
    expect((await subscriptionOf(parcel.id)).status).toBe('ENDED');

    // 快递100 delivers the same push again (our answer was lost): the same answer, nothing new.
    expect(await fake.push(parcel.trackingNumber, { state: '3', data: [signedFor, inTransit, pickedUp] })).toEqual(success);
    expect(await timeline(parcel.id)).toHaveLength(3);
    expect(await published('ShipmentDelivered', parcel.id)).toHaveLength(1);

    // The sandbox carrier's delivery of another parcel publishes the same event, in the same shape.
    const sandbox = (await carrierByCode(db(), 'SANDBOX'))!;
    const other = await ship(sandbox);
    const body = JSON.stringify({
      eventId: `sbx-${other.id}`,
      trackingNumber: other.trackingNumber,
      status: 'DELIVERED',
      occurredAt: '2026-03-02T07:30:00.000Z',
    });
    const ts = Math.floor(Date.now() / 1000);
    const headers = new Headers({ [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signCallback(SANDBOX_DEMO_SECRET, ts, body) });
    const answer = await world.host
      .center('fulfillment')
      .handleRoute('POST', '/carrier/tracking', { rawBody: body, headers, query: new URLSearchParams({ carrier: 'SANDBOX' }) });
    expect(answer?.status).toBe(200);
    expect(await published('ShipmentDelivered', other.id)).toEqual([{ orderId: other.orderId, shipmentId: other.id, deliveredAt: '2026-03-02T07:30:00.000Z' }]);
    expect(await subscriptionOf(other.id)).toBeUndefined();
  });

  it('a problem state (疑难, 拒签) raises the carrier exception after-sales turns into a ticket, once per reported problem', async () => {
    const parcel = await ship(carrier);
    await subscribeTracking(await world.as(ADMIN), parcel.id);
    const problem = line('2026-03-02 10:00:00', '收件人电话无法接通，快件滞留', '疑难');
    await fake.push(parcel.trackingNumber, { state: '2', data: [problem, pickedUp] });
    await fake.push(parcel.trackingNumber, { state: '2', data: [problem, pickedUp] });
    expect(await reload(parcel.id)).toMatchObject({ status: 'EXCEPTION', progress: 'PICKED_UP' });
    const refusal = line('2026-03-03 11:00:00', '收件人拒收', '拒签');
    await fake.push(parcel.trackingNumber, { state: '14', data: [refusal, problem, pickedUp] });
    const exceptions = await published('ShipmentException', parcel.id);
    expect(exceptions.map((e) => [e.trackingNumber, e.description, e.shopId])).toEqual([
      [parcel.trackingNumber, '收件人电话无法接通，快件滞留', shopId],
      [parcel.trackingNumber, '收件人拒收', shopId],
    ]);
  });

  it('a push for a parcel nobody subscribed, or unreadable, is a failure and writes nothing', async () => {
    const hook = (rawBody: string) =>
      world.host.center('fulfillment').handleRoute('POST', '/kuaidi100/push', { rawBody, headers: new Headers(), query: new URLSearchParams() });
    const param = JSON.stringify({ status: 'polling', lastResult: { state: '3', nu: 'NOSUCHPARCEL1', com: 'shunfeng', data: [signedFor] } });
    expect(await hook(new URLSearchParams({ param, sign: pushSign(param, 'x') }).toString())).toEqual({
      status: 404,
      body: { result: false, returnCode: '404', message: '未订阅的单号 unknown parcel' },
    });
    expect((await hook('param=%7Bnot-json'))?.status).toBe(400);
  });
});
