import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { forbidden, maskError } from '../src/index.ts';

describe('maskError', () => {
  it('keeps errors raised on purpose', () => {
    const masked = maskError(forbidden('This belongs to another shop'), false);
    expect(masked.message).toBe('This belongs to another shop');
    expect(masked.extensions.code).toBe('FORBIDDEN');
  });

  it('hides unexpected errors: no SQL, no stack', () => {
    const driver = new Error('duplicate key value violates unique constraint "skus_shop_code_key" in select * from catalog.skus');
    const error = new GraphQLError(driver.message, { originalError: driver, extensions: {} });
    const masked = maskError(error, false);
    expect(masked.message).toBe('Internal server error');
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(masked.toJSON())).not.toContain('select');
  });
});
