import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body over the limit: the client's mistake, answered 413 (see sendBodyTooLarge). */
export class BodyTooLarge extends Error {}

/** Reads the whole body; throws BodyTooLarge past `limit` bytes (a declared Content-Length over it is refused before reading). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** 413, and the connection closed: the rest of an oversized body is not worth reading. */
export function sendBodyTooLarge(res: ServerResponse): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, { errors: [{ message: `Request body over ${MAX_BODY_BYTES} bytes`, extensions: { code: 'BAD_REQUEST' } }] });
}

/**
 * The GraphQL-over-HTTP request shape (a JSON object; `query` a string; `variables` an object
 * or null; `operationName` a string or null), or a message saying what is wrong with it.
 */
export function graphqlRequestOf(body: unknown): { query: string; variables: Record<string, unknown> | null; operationName: string | null } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object';
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string') return 'query must be a string';
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return 'variables must be a JSON object';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return 'operationName must be a string';
  return { query, variables: (variables as Record<string, unknown> | null | undefined) ?? null, operationName: operationName ?? null };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A center route's answer: its literal text when it has one, JSON otherwise. */
export function sendRouteResponse(res: ServerResponse, response: { status: number; body: unknown; text?: string }): void {
  if (response.text === undefined) return sendJson(res, response.status, response.body);
  res.writeHead(response.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(response.text) });
  res.end(response.text);
}

export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
