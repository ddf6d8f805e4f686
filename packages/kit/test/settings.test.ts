import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { amountSetting, numberSetting } from '../src/settings.ts';

describe('settings from the environment', () => {
  it('gives the default when unset or empty', () => {
    expect(numberSetting({}, 'X', 7, 'positive')).toBe(7);
    expect(numberSetting({ X: '  ' }, 'X', 7, 'whole')).toBe(7);
    expect(amountSetting({ X: '' }, 'X', 5_000_000n)).toBe(5_000_000n);
  });

  it('reads values that keep the rule', () => {
    expect(numberSetting({ X: '0.00001' }, 'X', 7, 'positive')).toBe(0.00001);
    expect(numberSetting({ X: '0' }, 'X', 7, 'whole')).toBe(0);
    expect(numberSetting({ X: '12.5' }, 'X', 7, 'non-negative')).toBe(12.5);
    expect(numberSetting({ X: '3' }, 'X', 7, 'positive-integer')).toBe(3);
    expect(amountSetting({ X: '1000.5' }, 'X', 0n)).toBe(100_050n);
    expect(amountSetting({ X: '50000' }, 'X', 0n)).toBe(5_000_000n);
  });

  it('refuses a value that breaks the rule, naming the setting', () => {
    expect(() => numberSetting({ ORDER_PAYMENT_TIMEOUT_SECONDS: '0' }, 'ORDER_PAYMENT_TIMEOUT_SECONDS', 1, 'positive')).toThrow(
      'ORDER_PAYMENT_TIMEOUT_SECONDS must be a positive number, got "0"',
    );
    expect(() => numberSetting({ X: '1.5' }, 'X', 1, 'whole')).toThrow('X must be a whole number');
    expect(() => numberSetting({ X: '-1' }, 'X', 1, 'non-negative')).toThrow('X must be a number of at least 0');
    expect(() => numberSetting({ X: '2.5' }, 'X', 1, 'positive-integer')).toThrow('X must be a positive integer');
    expect(() => numberSetting({ X: 'ten' }, 'X', 1, 'positive')).toThrow('X must be a positive number, got "ten"');
    expect(() => amountSetting({ X: '10.001' }, 'X', 0n)).toThrow('X must be an amount like 50000.00');
  });

  it('GRAPHQL_EXECUTION: compiled unless told interpreted, anything else refused; GRAPHQL_COMPILE_AT_RUN at least 1', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlExecution).toBe('compiled');
    expect(loadConfig({ NODE_ENV: 'test', GRAPHQL_EXECUTION: ' Interpreted ' }).graphqlExecution).toBe('interpreted');
    expect(() => loadConfig({ NODE_ENV: 'test', GRAPHQL_EXECUTION: 'fast' })).toThrow('GRAPHQL_EXECUTION must be compiled or interpreted, not "fast"');
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlCompileAtRun).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', GRAPHQL_COMPILE_AT_RUN: '1' }).graphqlCompileAtRun).toBe(1);
    expect(() => loadConfig({ NODE_ENV: 'test', GRAPHQL_COMPILE_AT_RUN: '0' })).toThrow('GRAPHQL_COMPILE_AT_RUN must be a positive integer');
  });
});
