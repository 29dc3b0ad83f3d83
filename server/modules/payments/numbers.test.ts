import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { localDay } from '../orders/numbers';
import { setSetting } from '../platform/settings';
import { NUMBER_TIME_ZONE } from './tables';
import { multipart } from './testkit';

/**
 * Payment and refund numbers carry the supplier's calendar day (ORDO_TIMEZONE) like order numbers.
 * Two zones 25 hours apart: at any moment at least one of them is not on UTC's day, so a number
 * taken on the UTC day fails one of the checks whenever this runs.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { timeZone: 'Pacific/Kiritimati' } });
});
afterAll(() => t.close());

async function topup(): Promise<string> {
  const m = multipart({ amount: '10000', payerName: '张三' });
  const r = await (await t.as('finance')).request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().number as string;
}

describe('payment numbers', () => {
  it("use the configured time zone's day (UTC+14 and UTC−11), not the server's UTC day", async () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      if (zone !== 'Pacific/Kiritimati') await setSetting(t.db, NUMBER_TIME_ZONE, zone);
      const before = localDay(new Date(), zone);
      const number = await topup();
      const after = localDay(new Date(), zone);
      expect(number).toMatch(/^P\d{8}\d{6,}$/);
      expect([before, after], `${zone}: ${number}`).toContain(number.slice(1, 9));
    }
    const days = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'].map((z) => localDay(new Date(), z));
    expect(new Set(days).size).toBeGreaterThan(1);
  });

  it('the app writes its ORDO_TIMEZONE for the numbers at start', async () => {
    const other = await createTestApp({ config: { timeZone: 'Asia/Shanghai' } });
    try {
      expect((await other.db.selectFrom('settings').select('value').where('key', '=', NUMBER_TIME_ZONE).executeTakeFirstOrThrow()).value).toBe('Asia/Shanghai');
    } finally {
      await other.close();
    }
  });
});
