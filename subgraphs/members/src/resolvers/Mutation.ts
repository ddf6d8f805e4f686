import { toPayload, type RequestContext } from '@zhongtai/kit';
import type { MemberStatus } from '../db/tables.ts';
import { addAddress, setDefaultAddress, type AddAddressInput } from '../domain/addresses.ts';
import { createMemberLevel, updateMemberLevel, type MemberLevelInput } from '../domain/levels.ts';
import { changeMemberStatus, registerMember } from '../domain/members.ts';
import { reverseAfterSalePoints, type ReverseAfterSalePointsInput } from '../domain/afterSalePoints.ts';
import { adjustPoints, earnPoints, refundPoints, spendPoints, type PointsChange } from '../domain/points.ts';
import { updatePointsSettings, type PointsSettingsInput } from '../domain/settings.ts';
import type { Result } from '@zhongtai/kit';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type OrderPoints = { memberId: string; points: number; orderId: string };

/** Service payloads carry the change's fields beside userErrors. */
function pointsPayload(result: Result<PointsChange>) {
  return result.ok ? { ...result.value, userErrors: [] } : { points: null, balance: null, userErrors: result.errors };
}

export const Mutation: MutationResolvers = {
  registerMember: async (_: unknown, { input }: Input<{ name: string; phone: string }>, ctx: RequestContext) =>
    toPayload('member', await registerMember(ctx, input)),
  changeMemberStatus: async (_: unknown, { input }: Input<{ id: string; status: MemberStatus }>, ctx: RequestContext) =>
    toPayload('member', await changeMemberStatus(ctx, input)),
  addAddress: async (_: unknown, { input }: Input<AddAddressInput>, ctx: RequestContext) => toPayload('address', await addAddress(ctx, input)),
  setDefaultAddress: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) => toPayload('address', await setDefaultAddress(ctx, input)),
  adjustPoints: async (_: unknown, { input }: Input<{ memberId: string; points: number; reason: string }>, ctx: RequestContext) =>
    toPayload('entry', await adjustPoints(ctx, input)),
  createMemberLevel: async (_: unknown, { input }: Input<MemberLevelInput>, ctx: RequestContext) => toPayload('level', await createMemberLevel(ctx, input)),
  updateMemberLevel: async (_: unknown, { input }: Input<MemberLevelInput & { id: string }>, ctx: RequestContext) =>
    toPayload('level', await updateMemberLevel(ctx, input)),
  updatePointsSettings: async (_: unknown, { input }: Input<PointsSettingsInput>, ctx: RequestContext) =>
    toPayload('settings', await updatePointsSettings(ctx, input)),
  spendPoints: async (_: unknown, { input }: Input<OrderPoints>, ctx: RequestContext) => pointsPayload(await spendPoints(ctx, input)),
  refundPoints: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => pointsPayload(await refundPoints(ctx, input)),
  reverseAfterSalePoints: async (_: unknown, { input }: Input<ReverseAfterSalePointsInput>, ctx: RequestContext) =>
    toPayload('points', await reverseAfterSalePoints(ctx, input)),
  earnPoints: async (_: unknown, { input }: Input<OrderPoints>, ctx: RequestContext) => pointsPayload(await earnPoints(ctx, input)),
};
