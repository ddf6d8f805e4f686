import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { approveSpu, publishSpu, rejectSpu, submitSpuForReview, unpublishSpu } from '../src/domain/spus/review.ts';
import { createSpu } from '../src/domain/spus/spuCreate.ts';
import { spuStatusHistory } from '../src/domain/spus/spus.ts';
import { updateSpu } from '../src/domain/spus/spuUpdate.ts';
import { SPU_TRANSITIONS } from '../src/domain/spus/spuStatus.ts';
import { ADMIN, merchantOf, mustOk, openWorld, refusals, RUN, sku, uniqueCode } from './fixtures.ts';

const world = useTestWorld(openWorld);

const merchant = () => world.as('catalog', merchantOf(world.shopA));
const admin = () => world.as('catalog', ADMIN);
const newDraft = async () =>
  mustOk(await createSpu(await merchant(), { categoryId: world.tree.smartphones, name: `荣耀 Magic7 ${RUN}`, skus: [sku(uniqueCode(), {}, '4499.00')] }));

describe('product review', () => {
  it('reject with a reason, fix, resubmit, approve: every step in the history', async () => {
    const spu = await newDraft();
    expect(mustOk(await submitSpuForReview(await merchant(), { id: spu.id })).status).toBe('PENDING_REVIEW');
    // Only operators review.
    await expect(approveSpu(await merchant(), { id: spu.id })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refusals(await rejectSpu(await admin(), { id: spu.id }))).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    expect(mustOk(await rejectSpu(await admin(), { id: spu.id, reason: '主图不清晰 Main picture blurry' })).status).toBe('DRAFT');
    // A rejected draft cannot be approved before it is resubmitted.
    expect(refusals(await approveSpu(await admin(), { id: spu.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    mustOk(await updateSpu(await merchant(), { id: spu.id, mediaUrls: ['https://img.example.com/magic7-hd.jpg'] }));
    mustOk(await submitSpuForReview(await merchant(), { id: spu.id, reason: '已更换主图 New picture' }));
    expect(mustOk(await approveSpu(await admin(), { id: spu.id })).status).toBe('ON_SALE');

    const history = await spuStatusHistory(await merchant(), spu);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.actor])).toEqual([
      [null, 'DRAFT', null, `merchant:${world.shopA}`],
      ['DRAFT', 'PENDING_REVIEW', null, `merchant:${world.shopA}`],
      ['PENDING_REVIEW', 'DRAFT', '主图不清晰 Main picture blurry', ADMIN.subject],
      ['DRAFT', 'PENDING_REVIEW', '已更换主图 New picture', `merchant:${world.shopA}`],
      ['PENDING_REVIEW', 'ON_SALE', null, ADMIN.subject],
    ]);
  });

  it('editing key fields of an on-sale product sends it back to review; other edits do not', async () => {
    const spu = await newDraft();
    mustOk(await submitSpuForReview(await merchant(), { id: spu.id }));
    mustOk(await approveSpu(await admin(), { id: spu.id }));
    expect(mustOk(await updateSpu(await merchant(), { id: spu.id, description: '更新描述 New description' })).status).toBe('ON_SALE');
    expect(mustOk(await updateSpu(await merchant(), { id: spu.id, name: `荣耀 Magic7 Pro ${RUN}` })).status).toBe('PENDING_REVIEW');
    mustOk(await approveSpu(await admin(), { id: spu.id }));
    // Off the shelf, a key edit goes back to draft: relisting cannot skip review.
    mustOk(await unpublishSpu(await merchant(), { id: spu.id }));
    expect(mustOk(await updateSpu(await merchant(), { id: spu.id, brandId: world.brand })).status).toBe('DRAFT');
    expect(refusals(await publishSpu(await merchant(), { id: spu.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    const last = (await spuStatusHistory(await merchant(), spu)).at(-1)!;
    expect([last.fromStatus, last.toStatus, last.reason]).toEqual(['OFF_SHELF', 'DRAFT', 'brand changed: needs review again']);
  });

  it('the transition table is the only way between statuses', () => {
    expect(SPU_TRANSITIONS.DRAFT.map((t) => t.to)).toEqual(['PENDING_REVIEW']);
    expect(SPU_TRANSITIONS.PENDING_REVIEW.map((t) => [t.to, t.by])).toEqual([
      ['ON_SALE', 'approve'],
      ['DRAFT', 'reject'],
    ]);
  });
});
