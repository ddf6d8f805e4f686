import { describe, expect, it } from 'vitest';
import { maskName, maskPersonalData, maskPhone } from '../src/privacy/personalData.ts';

describe('masking personal data', () => {
  it('phones keep the first three and the last four', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
    expect(maskPhone('+86 137 0000 0003')).toBe('+86****0003');
    expect(maskPhone('12345')).toBe('****');
  });

  it('names keep the first character, one star for each other', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('Emily Chen')).toBe('E*********');
    expect(maskName('李')).toBe('李*');
  });

  it('a street address leaves nothing', () => {
    expect(maskPersonalData('ADDRESS', '文三路 100 号 3 幢')).toBe('****');
    expect(maskPersonalData('ADDRESS', '')).toBe('');
  });
});
