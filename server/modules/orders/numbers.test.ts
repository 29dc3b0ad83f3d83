import { describe, expect, it } from 'vitest';
import { formatOrderNumber, localDay } from './numbers';

describe('order numbers', () => {
  it('follow the supplier\'s calendar day, not UTC', () => {
    // 2026-12-01 17:30 UTC is already 2 December in Shanghai
    expect(localDay(new Date('2026-12-01T17:30:00Z'), 'Asia/Shanghai')).toBe('20261202');
    expect(localDay(new Date('2026-12-01T15:59:59Z'), 'Asia/Shanghai')).toBe('20261201');
    expect(localDay(new Date('2026-12-01T17:30:00Z'), 'UTC')).toBe('20261201');
  });
  it('pad to four digits and grow past 9999', () => {
    expect(formatOrderNumber('20261201', 1)).toBe('SO20261201-0001');
    expect(formatOrderNumber('20261201', 12345)).toBe('SO20261201-12345');
  });
});
