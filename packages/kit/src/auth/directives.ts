import { defaultFieldResolver, isObjectType, valueFromASTUntyped, type ConstDirectiveNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context.ts';
import { forbidden, unauthenticated } from '../errors.ts';
import { isStaffToken } from './claims.ts';
import { permissionOf, requirePermission, withStanding } from './staff.ts';

/**
 * Enforces `@authenticated` and `@requiresScopes` declared in a subgraph's SDL. @apollo/gateway
 * does not enforce them, and a subgraph reached directly must refuse on its own, so every
 * subgraph applies this to its schema. A directive on an object type guards all its fields and
 * its `__resolveReference`. Every root field must declare one: forgetting is a start-up error.
 */
export interface Requirement {
  authenticated: boolean;
  /** Any one inner list must be fully held (OR of ANDs), as in Federation. */
  scopes: string[][] | null;
}

function requirementOf(directives: readonly ConstDirectiveNode[]): Requirement | null {
  let authenticated = false;
  let scopes: string[][] | null = null;
  for (const d of directives) {
    if (d.name.value === 'authenticated') authenticated = true;
    if (d.name.value === 'requiresScopes') {
      const arg = d.arguments?.find((a) => a.name.value === 'scopes');
      scopes = arg ? (valueFromASTUntyped(arg.value) as string[][]) : [];
    }
  }
  return authenticated || scopes ? { authenticated: authenticated || scopes !== null, scopes } : null;
}

export function check(requirement: Requirement | null, ctx: RequestContext, what: string): void {
  if (!requirement) return;
  const claims = ctx.claims;
  if (!claims) throw unauthenticated(`${what} requires authentication`);
  if (requirement.scopes && !requirement.scopes.some((all) => all.every((s) => claims.scopes.has(s)))) {
    throw forbidden(`${what} is not available to the ${claims.role} role`);
  }
}

/**
 * `options.openSdl` (development only) leaves `_service` open; otherwise the subgraph SDL, internal
 * API included, is for SERVICE callers: composition reads it from the center definitions, not here.
 */
export function applyAuthDirectives(schema: GraphQLSchema, center: string, options: { openSdl?: boolean } = {}): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeDirectives = [type.astNode, ...type.extensionASTNodes].flatMap((n) => n?.directives ?? []);
    const typeRequirement = requirementOf(typeDirectives);
    const isRoot = type === schema.getQueryType() || type === schema.getMutationType();
    const typePermission = permissionOf(typeDirectives, type.name);

    for (const field of Object.values(type.getFields())) {
      const where = `${type.name}.${field.name}`;
      if (isRoot && field.name === '_entities') {
        field.resolve = guard({ authenticated: true, scopes: null }, 'Entity resolution', field.resolve);
        continue;
      }
      if (isRoot && field.name === '_service') {
        if (!options.openSdl) field.resolve = guard({ authenticated: true, scopes: [['service']] }, 'The subgraph SDL', field.resolve);
        continue;
      }
      const fieldRequirement = requirementOf(field.astNode?.directives ?? []);
      if (isRoot && !fieldRequirement && !typeRequirement) {
        throw new Error(`${center}: ${where} declares neither @authenticated nor @requiresScopes`);
      }
      const permission = permissionOf(field.astNode?.directives ?? [], where) ?? typePermission;
      if (type === schema.getMutationType() && !permission && opensToStaff(fieldRequirement ?? typeRequirement)) {
        throw new Error(`${center}: ${where} is open to staff (admin or merchant) but declares no @requiresPermission`);
      }
      if (!fieldRequirement && !typeRequirement && !permission) continue;
      const inner = field.resolve ?? defaultFieldResolver;
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
        check(typeRequirement, ctx, type.name);
        check(fieldRequirement, ctx, where);
        // Staff act with their current role: every root field makes sure the member still stands.
        if (!isStaffToken(ctx.claims) || (!isRoot && !permission)) return inner(source, args, ctx, info);
        return withStanding(ctx, (standing) => {
          if (permission) requirePermission(standing, permission, where);
          return inner(source, args, ctx, info);
        });
      };
      field.resolve = resolve;
    }

    const subgraphExtensions = (type.extensions as { apollo?: { subgraph?: { resolveReference?: GraphQLFieldResolver<unknown, RequestContext> } } }).apollo
      ?.subgraph;
    if ((typeRequirement || typePermission) && subgraphExtensions?.resolveReference) {
      const resolveReference = subgraphExtensions.resolveReference;
      subgraphExtensions.resolveReference = (reference, ctx, info) => {
        check(typeRequirement, ctx as RequestContext, type.name);
        const resolve = () => (resolveReference as (r: unknown, c: unknown, i: unknown) => unknown)(reference, ctx, info);
        if (!typePermission || !isStaffToken((ctx as RequestContext).claims)) return resolve();
        return withStanding(ctx as RequestContext, (standing) => {
          requirePermission(standing, typePermission, type.name);
          return resolve();
        });
      };
    }
  }
  return schema;
}

function guard(
  requirement: Requirement,
  what: string,
  inner: GraphQLFieldResolver<unknown, RequestContext> | undefined,
): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args, ctx, info) => {
    check(requirement, ctx, what);
    const resolve = () => (inner ?? defaultFieldResolver)(source, args, ctx, info);
    return isStaffToken(ctx.claims) ? withStanding(ctx, resolve) : resolve();
  };
}

/** A mutation staff can reach must say which permission it needs (forgetting fails at start). */
function opensToStaff(requirement: Requirement | null): boolean {
  if (!requirement) return false;
  if (!requirement.scopes) return true;
  return requirement.scopes.some((all) => all.includes('admin') || all.includes('merchant'));
}
