import type { ExecutionResult } from 'graphql';
import type { TokenService } from './auth/claims.ts';
import { graphqlError } from './errors.ts';
import { Replicas } from './http/replicas.ts';
import type { UserError } from './userErrors.ts';
import { currentRequestScope } from './telemetry/requestScope.ts';
import { inSpan, SpanKind, withTraceparent } from './telemetry/spans.ts';

/**
 * Calls another center's SERVICE-only internal API. Operations are declared once, typed, in
 * `services/` (the contract); the client runs them in-process when the target center is hosted
 * in this process and over HTTP otherwise, always as the SERVICE role with a signed token the
 * target verifies like any other.
 */
export interface ServiceOperation<TVariables, TResult> {
  readonly center: string;
  readonly document: string;
  /** Phantom: carries the types for `call`. */
  readonly types?: { variables: TVariables; result: TResult };
}

export function serviceOperation<TVariables, TResult>(center: string, document: string): ServiceOperation<TVariables, TResult> {
  return { center, document };
}

/**
 * An internal mutation of the shape every center gives them: `field(input: $input)` answering what
 * `selection` asks for plus `userErrors { field code message }`, its input type `<Field>Input` unless
 * named. The document is written from these parts, so a caller states only what it wants back.
 */
export function serviceMutation<TField extends string, TInput, TPayload>(
  center: string,
  field: TField,
  selection: string,
  inputType = `${capitalized(field)}Input`,
): ServiceOperation<{ input: TInput }, { [K in TField]: TPayload & { userErrors: UserError[] } }> {
  const document = `mutation ${capitalized(field)}($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { field code message } } }`;
  return serviceOperation(center, document);
}

const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const operationNameOf = (document: string) => /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';

export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export type LocalExecutor = (request: GraphQLRequestBody, headers: Headers, signal: AbortSignal | undefined, from: 'in-process') => Promise<ExecutionResult>;

export interface ServiceClientOptions {
  caller: string;
  tokens: TokenService;
  local: ReadonlyMap<string, { execute: LocalExecutor }>;
  /** Where a center not in this process runs: its replicas' URLs (none: unreachable). */
  urlsFor: (center: string) => readonly string[];
  timeoutMs: number;
}

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export class ServiceClient {
  private token: { value: Promise<string>; expires: number } | undefined;
  private readonly replicas = new Map<string, Replicas>();

  constructor(private readonly options: ServiceClientOptions) {}

  async call<TVariables, TResult>(operation: ServiceOperation<TVariables, TResult>, variables: TVariables): Promise<TResult> {
    const name = operationNameOf(operation.document);
    const result = await inSpan(
      `call ${operation.center} ${name}`,
      { kind: SpanKind.CLIENT, center: this.options.caller, attributes: { 'zhongtai.callee': operation.center, 'graphql.operation.name': name } },
      async () => {
        const headers = new Headers({ authorization: `Bearer ${await this.serviceToken()}`, 'content-type': 'application/json' });
        // The callee's spans and log lines join this request's: its trace and its request id.
        withTraceparent(headers);
        const requestId = currentRequestScope()?.requestId;
        if (requestId) headers.set('x-request-id', requestId);
        const request = { query: operation.document, variables: variables as Record<string, unknown> };
        return this.execute(operation.center, request, headers);
      },
    );
    if (result.errors?.length) {
      const first = result.errors[0]!;
      throw graphqlError('INTERNAL_SERVER_ERROR', `${operation.center} refused a service call: ${first.message}`, {
        serviceCode: (first.extensions as { code?: string } | undefined)?.code,
      });
    }
    return result.data as TResult;
  }

  private async execute(center: string, request: GraphQLRequestBody, headers: Headers): Promise<ExecutionResult> {
    const local = this.options.local.get(center);
    if (local) return local.execute(request, headers, undefined, 'in-process');
    const replicas = this.replicasOf(center);
    if (!replicas)
      throw graphqlError('INTERNAL_SERVER_ERROR', `No way to reach center ${center}: not in this process and no SUBGRAPH_URL_${center.toUpperCase()}`);
    const body = JSON.stringify(request);
    // One deadline for the call, whichever replica answers it.
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const response = await replicas.send((url) => fetch(url, { method: 'POST', headers, body, signal }));
    return (await response.json()) as ExecutionResult;
  }

  /** Read at each call (a test may move a center); the rotation is kept while the URLs stay. */
  private replicasOf(center: string): Replicas | undefined {
    const urls = this.options.urlsFor(center);
    if (!urls.length) return undefined;
    const key = `${center} ${urls.join(',')}`;
    let replicas = this.replicas.get(key);
    if (!replicas) {
      replicas = new Replicas(urls);
      this.replicas.set(key, replicas);
    }
    return replicas;
  }

  private serviceToken(): Promise<string> {
    const now = Date.now();
    if (!this.token || this.token.expires - now < TOKEN_LIFETIME_MS / 2) {
      this.token = {
        value: this.options.tokens.sign({ role: 'SERVICE', subject: `service:${this.options.caller}`, expiresIn: '1h' }),
        expires: now + TOKEN_LIFETIME_MS,
      };
    }
    return this.token.value;
  }
}
