import { describe, expect, it } from 'vitest';
import { discount } from './format';

describe('discount()', () => {
  it('says a discount in Chinese as 折, the share paid', () => {
    expect(discount(1200, 'zh-CN')).toBe('88折');
    expect(discount(1000, 'zh-CN')).toBe('9折');
    expect(discount(2000, 'zh-CN')).toBe('8折');
    expect(discount(500, 'zh-CN')).toBe('95折');
    expect(discount(1250, 'zh-CN')).toBe('87.5折');
  });
  it('says it in English as "% off", and no discount as a dash', () => {
    expect(discount(1200, 'en')).toBe('12% off');
    expect(discount(1250, 'en')).toBe('12.5% off');
    expect(discount(0, 'zh-CN')).toBe('—');
    expect(discount(null, 'en')).toBe('—');
  });
});
