import { defaultFieldResolver, isObjectType, valueFromASTUntyped, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context.ts';

/**
 * Personal data in the graph, declared once per field in the SDL
 * (`phone: String! @personalData(kind: "PHONE")`) and masked by the kit for the roles that may
 * count customers but not know them: an ANALYST sees 138****0001, 张**, and no street; an
 * operator, the shop that serves the order and the customer themself see it whole (what else they
 * may reach is the tenancy's business). No resolver masks by hand.
 */
export const PERSONAL_DATA_KINDS = ['PHONE', 'NAME', 'ADDRESS'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** 13800000001 -> 138****0001: enough to recognise a buyer on the phone, not to call them. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

/** 张伟 -> 张*, Emily Chen -> E*********: the first character, then one star per character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length ? `${chars[0]}${'*'.repeat(Math.max(chars.length - 1, 1))}` : '';
}

/** The street and number: nothing of it (province, city and district stay, for regional figures). */
export const maskAddress = (detail: string): string => (detail ? '****' : '');

export function maskPersonalData(kind: PersonalDataKind, value: string): string {
  return kind === 'PHONE' ? maskPhone(value) : kind === 'NAME' ? maskName(value) : maskAddress(value);
}

/** Roles that see personal data masked, whatever row they reach. */
const MASKED_FOR: ReadonlySet<string> = new Set(['ANALYST']);

export const seesPersonalDataMasked = (ctx: RequestContext | undefined): boolean => MASKED_FOR.has(ctx?.claims?.role ?? '');

const mask = (kind: PersonalDataKind, value: unknown): unknown => (typeof value === 'string' ? maskPersonalData(kind, value) : value);

/**
 * Wraps every field declared `@personalData(kind: ...)` so that its value, however the resolver
 * computed it, is masked for the roles above. An unknown kind stops the center at start.
 */
export function applyPersonalData(schema: GraphQLSchema, center: string): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'personalData');
      if (!directive) continue;
      const argument = directive.arguments?.find((a) => a.name.value === 'kind');
      const kind = argument ? valueFromASTUntyped(argument.value) : undefined;
      if (!PERSONAL_DATA_KINDS.includes(kind as PersonalDataKind)) {
        throw new Error(`${center}: ${type.name}.${field.name} declares @personalData with unknown kind ${String(kind)}`);
      }
      const inner: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const value = inner(source, args, ctx, info);
        if (!seesPersonalDataMasked(ctx)) return value;
        return value instanceof Promise ? value.then((v) => mask(kind as PersonalDataKind, v)) : mask(kind as PersonalDataKind, value);
      };
    }
  }
  return schema;
}
