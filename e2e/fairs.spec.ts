import { expect, test } from '@playwright/test';
import { fitsThePhone, login, PHONE, settledShot as shot } from './helpers';

/**
 * Ordering fair end to end: staff open a short fair (the demo fair's first two products at fair
 * prices, a ¥30 quota per customer, a 10% deposit due in 30 minutes); a buyer on a phone finds it,
 * sees the countdown, is refused over the quota in Chinese, books, pays one deposit from the
 * prepaid balance and another online (the sandbox provider's page and back), changes one booking
 * and cancels another; the staff board shows the bookings
 * live and the booking list their deposits; when the fair closes staff convert the bookings into
 * delivery orders (the deposit paid to them); the buyer sees the orders under each booking.
 */
test('a buyer on a phone books at a fair, staff converts after the close, the buyer sees the delivery order', async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await browser.newPage();
  await login(admin, 'admin');
  const demo = (await (await admin.request.get('/api/fairs?pageSize=10')).json()).items[0];
  const items = (await (await admin.request.get(`/api/fairs/${demo.id}`)).json()).items.slice(0, 2) as { skuId: number; code: string; basePrice: number }[];
  const closesAt = Date.now() + 3_600_000;
  const created = await admin.request.post('/api/fairs', {
    data: {
      name: '冬季快闪订货会', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(closesAt).toISOString(),
      items: items.map((i) => ({ skuId: i.skuId, maxQty: 500, targetQty: 100, prices: [{ minQty: 1, unitPrice: Math.round(i.basePrice * 0.9) }, { minQty: 10, unitPrice: Math.round(i.basePrice * 0.8) }] })),
      maxAmount: 3000, targetAmount: 1_000_000, depositKind: 'percent', depositValue: 1000, note: '演示订货会：限额 ¥30，满 10 件享阶梯价',
      depositDueAt: new Date(Date.now() + 30 * 60_000).toISOString(), depositRefund: 'refund',
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const fair = await created.json();
  expect((await admin.request.post(`/api/fairs/${fair.id}/publish`)).status()).toBe(200);

  // the buyer, on a phone
  const ctx = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const buyer = await ctx.newPage();
  await login(buyer, 'buyer');
  await buyer.goto('/fairs');
  await expect(buyer.getByText('冬季快闪订货会')).toBeVisible();
  await fitsThePhone(buyer, 'my fairs');
  await shot(buyer, 'fair-phone-list');
  await buyer.getByText('冬季快闪订货会').click();
  await expect(buyer).toHaveURL(new RegExp(`/fairs/${fair.id}$`));
  await expect(buyer.getByTestId('fair-page').getByTestId('fair-countdown')).toContainText('距截止');
  const first = items[0]!;
  // over the quota: refused in Chinese, nothing booked
  await buyer.getByTestId(`fair-qty-${first.code}`).fill('499');
  await buyer.getByTestId('fair-submit').click();
  await expect(buyer.getByText(/超出您的订货额度/)).toBeVisible();
  await shot(buyer, 'fair-phone-over-quota');
  await buyer.getByTestId(`fair-qty-${first.code}`).fill('12');
  await expect(buyer.getByTestId('fair-cart')).toContainText('定金');
  await fitsThePhone(buyer, 'fair landing');
  // the refusal's toast has gone: the shot shows the booking about to be made
  await expect(buyer.locator('.ant-message-notice')).toHaveCount(0);
  await shot(buyer, 'fair-phone-book');
  await buyer.getByTestId('fair-submit').click();
  await expect(buyer.getByTestId('fair-booked')).toContainText('订货成功');
  const firstNo = (await buyer.getByTestId('fair-booked').textContent())!.match(/FB\d+/)![0];
  await expect(buyer.getByTestId('my-booking')).toHaveCount(1);
  await expect(buyer.getByTestId('fair-quota')).toContainText('已订');
  const booking = (no: string) => buyer.getByTestId('my-booking').filter({ hasText: no });
  await expect(booking(firstNo).getByTestId('booking-deposit')).toContainText('未付');
  // the deposit can be paid from the balance or online (the payments module's provider flow)
  await expect(booking(firstNo).getByTestId('booking-pay-online')).toHaveText('在线支付定金');
  await booking(firstNo).getByTestId('booking-pay-deposit').click();
  await expect(booking(firstNo).getByTestId('booking-deposit')).toContainText('已冻结');
  await shot(buyer, 'fair-phone-booked');

  // staff board, live
  await admin.goto(`/admin/fairs/${fair.id}`);
  await expect(admin.getByTestId('board-total')).not.toHaveText('¥0.00');
  const before = await admin.getByTestId('board-total').textContent();
  const second = items[1]!;
  await buyer.getByRole('tab', { name: '订货', exact: true }).click();
  await buyer.getByTestId(`fair-qty-${second.code}`).fill('3');
  await buyer.getByTestId('fair-submit').click();
  await expect(buyer.getByTestId('my-booking')).toHaveCount(2);
  await expect(admin.getByTestId('board-total')).not.toHaveText(before!, { timeout: 3000 });
  await shot(admin, 'fair-board');
  const secondNo = (await buyer.getByTestId('fair-booked').textContent())!.match(/FB\d+/)![0];
  // the buyer changes the second booking (3 → 4) and pays its deposit
  await booking(secondNo).getByTestId('booking-edit').click();
  await buyer.getByTestId(`edit-qty-${second.code}`).fill('4');
  await fitsThePhone(buyer, 'booking edit');
  await shot(buyer, 'fair-phone-edit');
  await buyer.getByTestId('booking-save').click();
  await expect(buyer.getByText('订货单已修改')).toBeVisible();
  await expect(booking(secondNo)).toContainText(`× 4`);
  // …online this time: the provider's mobile page (the sandbox), then back to the fair, which asks for the result
  await booking(secondNo).getByTestId('booking-pay-online').click();
  await expect(buyer).toHaveURL(/sandbox\/pay\/SBX/);
  await buyer.getByRole('button', { name: /付款 ¥/ }).click();
  await expect(buyer).toHaveURL(new RegExp(`/fairs/${fair.id}\\?payment=\\d+`));
  await expect(booking(secondNo).getByTestId('booking-deposit')).toContainText('已冻结', { timeout: 15_000 });
  // a third booking, cancelled
  await buyer.getByRole('tab', { name: '订货', exact: true }).click();
  await buyer.getByTestId(`fair-qty-${second.code}`).fill('1');
  await buyer.getByTestId('fair-submit').click();
  await expect(buyer.getByTestId('my-booking')).toHaveCount(3);
  const thirdNo = (await buyer.getByTestId('fair-booked').textContent())!.match(/FB\d+/)![0];
  await booking(thirdNo).getByTestId('booking-cancel').click();
  await buyer.locator('.ant-popconfirm').getByRole('button', { name: '取消订货单' }).click();
  await expect(booking(thirdNo)).toContainText('已取消');
  await expect(booking(thirdNo).getByTestId('booking-cancel')).toHaveCount(0);
  await fitsThePhone(buyer, 'my bookings with deposits');
  await shot(buyer, 'fair-phone-deposit');
  // staff see each booking's deposit
  await admin.reload();
  await admin.getByRole('tab', { name: /订货单/ }).click();
  await expect(admin.getByRole('row', { name: new RegExp(secondNo) }).getByTestId('booking-deposit')).toContainText('已冻结');
  // every action of a booking is on screen at the console's width (the actions column stays in view)
  for (const id of ['booking-edit', 'booking-cancel']) {
    const box = (await admin.getByRole('row', { name: new RegExp(secondNo) }).getByTestId(id).boundingBox())!;
    expect(box.x + box.width, id).toBeLessThanOrEqual(admin.viewportSize()!.width - 16);
  }
  await shot(admin, 'fair-bookings-staff');

  // staff end the fair now; the buyer's next booking is refused
  
  await admin.getByTestId('fair-close').click();
  await admin.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(admin.getByText('已结束').first()).toBeVisible();
  await admin.reload();
  await admin.getByRole('tab', { name: '转订单' }).click();
  // part of the first booking (6 of its 12) for one date, then everything left for another
  await admin.getByRole('row', { name: new RegExp(firstNo) }).getByRole('checkbox').check();
  await admin.getByTestId(`convert-qty-${firstNo}-${first.code}`).fill('6');
  await admin.getByTestId('convert-selected').click();
  await expect(admin.getByTestId('convert-result')).toContainText('已生成 1 张订单');
  await admin.getByTestId('convert-all').click();
  await expect(admin.getByTestId('convert-result')).toContainText('已生成 2 张订单');
  await expect(admin.getByTestId('fair-convert').locator('tr.ant-table-row')).toHaveCount(0);
  await shot(admin, 'fair-convert');

  // the buyer sees the delivery orders
  await buyer.reload();
  await buyer.getByRole('tab', { name: '我的订货' }).click();
  await expect(buyer.getByTestId('booking-order')).toHaveCount(3);
  await expect(buyer.getByTestId('booking-order').first()).toContainText('交货日期');
  await expect(booking(firstNo).getByTestId('booking-deposit')).toContainText('已抵扣');
  await fitsThePhone(buyer, 'my bookings');
  await shot(buyer, 'fair-phone-orders');
  await buyer.getByTestId('booking-order').first().getByRole('link').click();
  await expect(buyer).toHaveURL(/\/orders\/\d+/);
  await ctx.close();
});
