import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pushSign, type PushDataLine, type SubscribeParam } from '../src/carriers/kuaidi100/protocol.ts';

/**
 * 快递100 played on this machine: its subscription endpoint (POST /poll, form `schema` + `param`)
 * keeps what it was asked to track and answers as 快递100 documents it (200 提交成功, 501 重复订阅,
 * 600 for a wrong key); `push` sends a parcel's tracking to the callback URL it was given, as a
 * signed form (`param` + `sign` = MD5(param + salt) upper case), and returns our answer.
 */
export interface Kuaidi100Fake {
  url: string;
  key: string;
  env: Record<string, string>;
  subscriptions: Map<string, SubscribeParam>;
  /** Requests to /poll in order (their `schema` and `param` as received). */
  requests: { schema: string | null; param: SubscribeParam }[];
  /** The next n subscriptions are answered HTTP 503. */
  failNext(n: number): void;
  push(number: string, tracking: PushTracking, options?: { salt?: string; sign?: string }): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface PushTracking {
  /** lastResult.state: 0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 14 拒签 ... */
  state: string;
  /** Newest first, as 快递100 sends them. */
  data: PushDataLine[];
  status?: 'polling' | 'shutdown' | 'abort';
}

const readBody = (req: import('node:http').IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });

export async function startKuaidi100Fake(key = 'fake-kuaidi100-key'): Promise<Kuaidi100Fake> {
  const subscriptions = new Map<string, SubscribeParam>();
  const requests: Kuaidi100Fake['requests'] = [];
  let failing = 0;
  const server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/poll') return answer(404, { result: false, returnCode: '404', message: 'not found' });
    if (failing > 0) {
      failing--;
      return answer(503, { result: false, returnCode: '500', message: '服务器错误' });
    }
    const param = JSON.parse(form.get('param') ?? '{}') as SubscribeParam;
    requests.push({ schema: form.get('schema'), param });
    if (param.key !== key) return answer(200, { result: false, returnCode: '600', message: '您不是合法的订阅者（即授权Key出错）' });
    if (!param.company || !param.number || !param.parameters?.callbackurl)
      return answer(200, { result: false, returnCode: '700', message: '订阅方的订阅数据存在错误' });
    const id = `${param.company}:${param.number}`;
    if (subscriptions.has(id)) return answer(200, { result: false, returnCode: '501', message: '重复订阅' });
    subscriptions.set(id, param);
    return answer(200, { result: true, returnCode: '200', message: '提交成功' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/poll`;
  return {
    url,
    key,
    env: { KUAIDI100_KEY: key, KUAIDI100_CUSTOMER: 'FAKECUSTOMER', KUAIDI100_URL: url },
    subscriptions,
    requests,
    failNext: (n) => void (failing = n),
    async push(number, tracking, options = {}) {
      const subscription = [...subscriptions.values()].find((s) => s.number === number);
      if (!subscription) throw new Error(`the fake has no subscription for ${number}`);
      const param = JSON.stringify({
        status: tracking.status ?? (tracking.state === '3' ? 'shutdown' : 'polling'),
        billstatus: '',
        message: '',
        lastResult: {
          message: 'ok',
          state: tracking.state,
          status: '200',
          condition: 'F00',
          ischeck: tracking.state === '3' ? '1' : '0',
          com: subscription.company,
          nu: number,
          data: tracking.data,
        },
      });
      const sign = options.sign ?? pushSign(param, options.salt ?? subscription.parameters.salt);
      const response = await fetch(subscription.parameters.callbackurl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams({ param, sign }).toString(),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
