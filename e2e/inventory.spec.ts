import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { login, PHONE, shot } from './helpers';

interface Wh { id: number; code: string; name: string }
interface Row { skuId: number; skuCode: string; onHand: number; available: number }

/** A unique tag per attempt: CI retries on the same database. */
const run = () => String(Date.now()).slice(-9); // digits: a run mark in notes is data, not an English word the zh-CN text scan would flag

async function warehouse(page: Page, code: string): Promise<Wh> {
  const all = (await (await page.request.get('/api/inventory/warehouses')).json()) as Wh[];
  return all.find((w) => w.code === code)!;
}
async function stockRow(page: Page, q: string): Promise<Row> {
  const res = await page.request.get(`/api/inventory/stock?${q}&pageSize=1`);
  return ((await res.json()) as { items: Row[] }).items[0]!;
}
/** Picks a SKU in the lines editor by typing its code. */
async function pickSku(page: Page, code: string) {
  await page.getByTestId('line-sku').click();
  await page.keyboard.type(code);
  await page.locator('.ant-select-item-option').filter({ hasText: code }).first().click();
}
async function pickWarehouse(page: Page, testId: string, name: string) {
  await page.getByTestId(testId).click();
  // the dropdown just opened is the last one not hidden (a closed one may still be fading out)
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').filter({ hasText: name }).first().click();
}
/** Posts an adjustment through the form and waits for the server's confirmation. */
async function adjust(page: Page, whName: string, code: string, qty: number, reason: string) {
  await page.goto('/admin/inventory/adjustments');
  await pickWarehouse(page, 'adj-warehouse', whName);
  await page.getByTestId('adj-reason').fill(reason);
  await pickSku(page, code);
  await page.getByTestId('lines').getByRole('spinbutton').fill(String(qty));
  await page.getByTestId('adj-submit').click();
  await expect(page.getByText(/调整单 .* 已生效/)).toBeVisible();
}

test('stock list: filter low stock, open a SKU stock card with its ledger', async ({ page }) => {
  await login(page, 'warehouse');
  await page.goto('/admin/inventory/stock');
  await expect(page.getByTestId('stock-page')).toBeVisible();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'inventory-stock');
  await page.getByTestId('filter-status').getByText('低于安全库存', { exact: true }).click();
  await expect(page).toHaveURL(/status=low/);
  const rows = page.getByTestId('stock-page').locator('.ant-table-row');
  // the previous page stays on screen while the filtered one loads: wait for the filtered rows
  await expect(rows.first()).toContainText('低于安全库存');
  await expect(page.getByTestId('stock-page').locator('.ant-spin-spinning')).toHaveCount(0);
  for (const text of await rows.allInnerTexts()) expect(text).toContain('低于安全库存');
  await shot(page, 'inventory-stock-low');

  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('stock-card')).toBeVisible();
  await expect(page.getByTestId('card-levels').locator('.ant-table-row').first()).toBeVisible();
  await expect(page.getByTestId('ledger').locator('.ant-table-row').first()).toBeVisible();
  // the ledger may refetch after the page settles: shoot it once it is no longer greyed out
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect(page.getByTestId('ledger').locator('.ant-spin-blur')).toHaveCount(0);
  await page.waitForTimeout(400); // the mask fades out over 0.3 s
  await page.screenshot({ path: 'e2e/screenshots/inventory-stock-card.png' });

  await page.setViewportSize(PHONE);
  await page.goto('/admin/inventory/stock?status=out');
  await expect(page.getByTestId('stock-page').locator('.ant-table-row').first()).toContainText('缺货');
  await shot(page, 'inventory-stock-out-phone');
  // the console header on a phone: company name hidden, nothing wraps over the page, the user menu still opens
  const header = page.locator('.ant-layout-header');
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  await page.getByTestId('user-menu').click();
  await expect(page.locator('.ant-dropdown:visible')).toContainText('退出登录');
  await shot(page, 'admin-header-menu-phone');
  // the menu opens on hover: move away so it closes before the next screens
  await page.mouse.move(10, 600);
  await expect(page.locator('.ant-dropdown:visible')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByTestId('stock-page')).toContainText('Out of stock');
  await shot(page, 'inventory-stock-en');
});

test('an adjustment changes on hand and shows in the ledger; a transfer moves stock', async ({ page }) => {
  await login(page, 'warehouse');
  const hz = await warehouse(page, 'HZ');
  const sh = await warehouse(page, 'SH');
  const before = await stockRow(page, `warehouseId=${hz.id}&status=ok`);
  const reason = `e2e 盘盈 ${run()}`;
  await adjust(page, hz.name, before.skuCode, 5, reason);
  await shot(page, 'inventory-adjustment');
  await expect(page.getByTestId('documents')).toContainText(reason);

  await page.goto(`/admin/inventory/skus/${before.skuId}`);
  const hzRow = page.getByTestId('card-levels').locator('.ant-table-row', { hasText: hz.name });
  await expect(hzRow.locator('td').nth(1)).toHaveText(String(before.onHand + 5));
  await expect(page.getByTestId('ledger').locator('.ant-table-row').first()).toContainText(reason);
  await expect(page.getByTestId('ledger').locator('.ant-table-row').first()).toContainText('+5');

  const shBefore = await stockRow(page, `warehouseId=${sh.id}&search=${encodeURIComponent(before.skuCode)}`);
  await page.goto('/admin/inventory/transfers');
  await pickWarehouse(page, 'tr-from', hz.name);
  await pickWarehouse(page, 'tr-to', sh.name);
  const trReason = `e2e 调拨 ${run()}`;
  await page.getByTestId('tr-reason').fill(trReason);
  await pickSku(page, before.skuCode);
  await page.getByTestId('lines').getByRole('spinbutton').fill('3');
  await page.keyboard.press('Tab');
  await shot(page, 'inventory-transfer');
  await page.getByTestId('tr-submit').click();
  await expect(page.getByText(/调拨单 .* 已生效/)).toBeVisible();
  await expect(page.getByTestId('documents')).toContainText(trReason);
  const shAfter = await stockRow(page, `warehouseId=${sh.id}&search=${encodeURIComponent(before.skuCode)}`);
  expect(shAfter.onHand).toBe(shBefore.onHand + 3);
});

test('a customer product page shows stock changing live when staff adjust it and when another customer orders', async ({ browser }) => {
  const staffCtx = await browser.newContext();
  const otherCtx = await browser.newContext();
  let otherOrder = 0;
  const staff = await staffCtx.newPage();
  await login(staff, 'admin');
  const put = (mode: string) => staff.request.put('/api/inventory/settings', { data: { customerDisplay: { mode } } });
  const buyerCtx = await browser.newContext({ viewport: PHONE });
  try {
    // the supplier shows exact quantities (the setting screen, as an admin would)
    await staff.goto('/admin/inventory/settings');
    await staff.getByTestId('display-mode').getByText('显示精确数量').click();
    await staff.getByTestId('settings-save').click();
    await expect(staff.getByText('库存设置已保存')).toBeVisible();
    await shot(staff, 'inventory-settings');
    const buyer = await buyerCtx.newPage();
    await login(buyer, 'buyer');
    await buyer.goto('/catalog');
    const tag = buyer.getByTestId('product-page').getByTestId('stock-tag'); // catalog cards carry stock tags too
    // the first product whose chosen SKU is in stock (a few demo SKUs are out)
    for (let i = 0; i < 6; i++) {
      await buyer.getByTestId('product-card').nth(i).click();
      await expect(tag).toHaveText(/现货|缺货/);
      if ((await tag.innerText()).includes('现货')) break;
      await buyer.goBack();
    }
    await expect(tag).toContainText('现货');
    const code = await buyer.getByTestId('sku-code').innerText();
    const shown = Number(/(\d+)/.exec(await tag.innerText())![1]);
    await shot(buyer, 'inventory-live-before-phone');

    await adjust(staff, '杭州总仓', code, 7, `e2e 实时库存 ${run()}`);
    // no reload: the server pushes the new availability over the open event stream
    await expect(tag).toContainText(`现货 ${shown + 7}`);
    await shot(buyer, 'inventory-live-after-phone');

    // another customer orders it: the open page shows the stock falling, still without a reload
    const other = await otherCtx.newPage();
    await login(other, 'buyer2');
    const found = ((await (await other.request.get(`/api/cart/skus?q=${encodeURIComponent(code)}&limit=5`)).json()) as { code: string; moq: number; orderMultiple: number }[]).find((x) => x.code === code)!;
    const qty = Math.ceil(Math.max(found.moq, 1) / found.orderMultiple) * found.orderMultiple;
    await other.request.delete('/api/cart');
    expect((await other.request.post('/api/cart/quick', { data: { rows: [{ code, qty: String(qty) }] } })).ok()).toBe(true);
    const preview = (await (await other.request.get('/api/cart/checkout')).json()) as { addresses: { id: number; isDefault: boolean }[] };
    const sub = await other.request.post('/api/cart/submit', {
      headers: { 'idempotency-key': `e2e-live-${run()}` },
      data: { addressId: (preview.addresses.find((a) => a.isDefault) ?? preview.addresses[0]!).id, note: 'e2e 实时库存' },
    });
    expect(sub.ok(), await sub.text()).toBe(true);
    otherOrder = ((await sub.json()) as { order: { id: number } }).order.id;
    await expect.poll(async () => Number(/(\d+)/.exec(await tag.innerText())?.[1] ?? -1)).toBeLessThan(shown + 7);
    await shot(buyer, 'inventory-live-ordered-phone');

    const productUrl = `/api/catalog/products/${/(\d+)(?:\?.*)?$/.exec(buyer.url())![1]}`;
    const skuOf = async () => ((await (await buyer.request.get(productUrl)).json()) as { skus: { code: string; available: number | null; stock: string | null }[] }).skus.find((s) => s.code === code)!;
    expect((await skuOf()).available).toBeLessThan(shown + 7);

    expect((await put('levels')).ok()).toBe(true);
    await buyer.reload();
    await expect(buyer.getByTestId('product-page').getByTestId('stock-tag')).toHaveText(/充足|紧张|缺货/);
    // the page's own data follows the setting too: a level, not the number
    expect(await skuOf()).toMatchObject({ available: null, stock: expect.stringMatching(/plenty|low|out/) });
    expect((await put('hidden')).ok()).toBe(true);
    expect(await skuOf()).toMatchObject({ available: null, stock: null });
    await buyer.reload();
    await expect(buyer.getByTestId('product-page')).toBeVisible();
    await expect(buyer.getByTestId('product-page').getByTestId('stock-tag')).toHaveCount(0);
  } finally {
    await put('levels');
    if (otherOrder) {
      const o = (await (await staff.request.get(`/api/orders/${otherOrder}`)).json()) as { version: number; allowedEvents: string[] };
      if (o.allowedEvents?.includes('cancel')) await staff.request.post(`/api/orders/${otherOrder}/events`, { data: { event: 'cancel', version: o.version, note: 'e2e 实时库存，已取消' } });
    }
    await buyerCtx.close();
    await otherCtx.close();
    await staffCtx.close();
  }
});

test('stocktake: count sheet, a counted difference, difference report, posting', async ({ page }) => {
  await login(page, 'warehouse');
  await page.goto('/admin/inventory/stocktakes');
  await page.getByTestId('new-stocktake').click();
  await pickWarehouse(page, 'st-warehouse', '广州仓');
  const note = `e2e 盘点 ${run()}`;
  await page.getByTestId('st-note').fill(note);
  await page.locator('.ant-modal:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('st-status')).toHaveText('盘点中');
  await expect(page.getByTestId('st-summary')).toContainText(note);

  const row = page.getByTestId('st-lines').locator('.ant-table-row').first();
  const onHand = Number(await row.locator('td').nth(3).innerText());
  await row.getByRole('spinbutton').fill(String(onHand + 2));
  await page.keyboard.press('Tab');
  await page.getByTestId('st-save').click();
  await expect(page.getByText('实盘数已保存')).toBeVisible();
  await expect(page.getByTestId('st-summary')).toContainText('1 / ');

  // counted on paper: the downloaded sheet with the second SKU counted as booked, imported back
  const stId = Number(page.url().split('/').pop());
  const wb = new ExcelJS.Workbook();
  const sheet = await (await page.request.get(`/api/inventory/stocktakes/${stId}/sheet.xlsx`)).body();
  await wb.xlsx.load(sheet.buffer.slice(sheet.byteOffset, sheet.byteOffset + sheet.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.getRow(3).getCell(5).value = Number(ws.getRow(3).getCell(4).value);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  await page.locator('input[type=file]').setInputFiles({ name: '盘点表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
  await expect(page.getByText('已导入 2 行')).toBeVisible();
  await expect(page.getByTestId('st-summary')).toContainText('2 / ');
  await page.getByTestId('st-only-diff').click();
  await expect(page.getByTestId('st-lines').locator('.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('st-lines').locator('.ant-table-row').first()).toContainText('+2');
  await shot(page, 'inventory-stocktake-differences');

  await page.getByTestId('st-post').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('st-status')).toHaveText('已过账');
  await expect(page.getByTestId('st-lines').locator('.ant-table-row').first()).toContainText('+2');
  await shot(page, 'inventory-stocktake-posted');
});

test('purchase order: create a draft, place it, receive in two parts', async ({ page }) => {
  await login(page, 'warehouse');
  const hz = await warehouse(page, 'HZ');
  await page.goto('/admin/inventory/purchase-orders');
  await expect(page.getByTestId('pos-page').locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'inventory-purchase-orders');
  await page.getByTestId('new-po').click();
  await page.getByTestId('po-supplier').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').first().click();
  await pickWarehouse(page, 'po-warehouse', hz.name);
  await page.getByTestId('po-notes').fill(`e2e 采购 ${run()}`);
  for (const n of [0, 1]) {
    await page.getByTestId('po-sku').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').nth(n).click();
    await expect(page.getByTestId('po-lines').locator('.ant-table-row')).toHaveCount(n + 1);
  }
  const qtys = page.getByTestId('po-lines').getByRole('spinbutton');
  await qtys.nth(0).fill('10');
  await qtys.nth(1).fill('6');
  await page.keyboard.press('Tab');
  await shot(page, 'inventory-po-new');
  await page.getByTestId('po-create').click();
  await expect(page.getByTestId('po-status')).toHaveText('草稿');
  const poId = Number(page.url().split('/').pop());
  const firstSku = (await (await page.request.get(`/api/inventory/purchase-orders/${poId}`)).json()).lines[0].skuId as number;
  const before = (await (await page.request.get(`/api/inventory/skus/${firstSku}`)).json()).levels.find((l: { warehouseId: number }) => l.warehouseId === hz.id).onHand as number;

  await page.getByTestId('po-order').click();
  await expect(page.getByTestId('po-status')).toHaveText('已下单');
  const lines = page.getByTestId('po-lines').locator('.ant-table-row');
  await lines.nth(0).getByRole('spinbutton').fill('4');
  await page.keyboard.press('Tab');
  await page.getByTestId('po-receive').click();
  await expect(page.getByTestId('po-status')).toHaveText('部分到货');
  await shot(page, 'inventory-po-partial');
  await lines.nth(0).getByRole('spinbutton').fill('6');
  await lines.nth(1).getByRole('spinbutton').fill('6');
  await page.keyboard.press('Tab');
  await page.getByTestId('po-receive').click();
  await expect(page.getByTestId('po-status')).toHaveText('已收货');
  const after = (await (await page.request.get(`/api/inventory/skus/${firstSku}`)).json()).levels.find((l: { warehouseId: number }) => l.warehouseId === hz.id).onHand as number;
  expect(after).toBe(before + 10);
});

test('warehouses, suppliers and replenishment suggestions drafting a purchase order', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/inventory/warehouses');
  await expect(page.getByTestId('warehouses-page')).toContainText('杭州总仓');
  await shot(page, 'inventory-warehouses');
  await page.goto('/admin/inventory/suppliers');
  await page.getByTestId('suppliers-page').locator('.ant-table-row').first().click();
  await expect(page.getByTestId('supplier-detail').locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'inventory-supplier');
  await page.keyboard.press('Escape');

  await page.goto('/admin/inventory/replenishment');
  const rep = page.getByTestId('replenishment-page');
  await rep.getByRole('switch').click(); // show every SKU, not only those below their reorder point
  await expect(rep.locator('.ant-table-row').first()).toBeVisible();
  const row = rep.locator('.ant-table-row').filter({ has: page.locator('.ant-checkbox-input:not([disabled])') }).first();
  await row.locator('.ant-checkbox-input').check();
  await row.getByRole('spinbutton').fill('24');
  await page.keyboard.press('Tab');
  await pickWarehouse(page, 'rep-warehouse', '杭州总仓');
  await page.mouse.wheel(0, -5000);
  await shot(page, 'inventory-replenishment');
  await page.getByTestId('rep-draft').click();
  await expect(page.getByTestId('po-status')).toHaveText('草稿');
});

test('a warehouse is edited in its dialog, the list shows the new name, and it is put back', async ({ page }) => {
  await login(page, 'admin');
  const gz = await warehouse(page, 'GZ');
  const renamed = `${gz.name} e2e ${run()}`;
  const list = page.getByTestId('warehouses-page');
  const rename = async (from: string, to: string) => {
    await list.locator('.ant-table-row', { hasText: from }).getByRole('button', { name: /编\s*辑/ }).click();
    // the dialog keeps its closed content in the DOM: work in the one on screen
    const dialog = page.locator('.ant-modal:visible');
    await expect(dialog).toContainText('编辑仓库');
    await expect(dialog.getByLabel('名称')).toHaveValue(from);
    await dialog.getByLabel('名称').fill(to);
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
    await expect(list.locator('.ant-table-row', { hasText: to })).toBeVisible();
  };
  await page.goto('/admin/inventory/warehouses');
  try {
    await rename(gz.name, renamed);
    await expect(list.locator('.ant-table-row', { hasText: renamed })).toContainText('GZ');
    await shot(page, 'inventory-warehouse-renamed');
    await rename(renamed, gz.name);
  } finally {
    // other tests pick this warehouse by its name: never leave it renamed
    if ((await warehouse(page, 'GZ')).name !== gz.name) await page.request.patch(`/api/inventory/warehouses/${gz.id}`, { data: { name: gz.name } });
  }
  await expect(list.locator('.ant-table-row', { hasText: renamed })).toHaveCount(0);
  expect((await warehouse(page, 'GZ')).name).toBe(gz.name);
});

test('a supplier is edited in its drawer and the list shows the change', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/inventory/suppliers');
  const list = page.getByTestId('suppliers-page');
  const row = list.locator('.ant-table-row').first();
  const code = (await row.locator('td').first().innerText()).trim();
  await row.click();
  const detail = page.getByTestId('supplier-detail');
  await expect(detail.getByLabel('编码')).toHaveValue(code);
  const contact = `e2e 联系人 ${run()}`;
  await detail.getByLabel('联系人').fill(contact);
  await detail.getByTestId('supplier-save').click();
  await expect(page.getByText('已保存')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(list.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: code, exact: true }) })).toContainText(contact);
  // and it is what the server now holds, not only what the list shows
  const sup = ((await (await page.request.get(`/api/inventory/suppliers?search=${encodeURIComponent(code)}`)).json()) as { items: { code: string; contactName: string }[] }).items.find((s) => s.code === code)!;
  expect(sup.contactName).toBe(contact);
});

test('purchase order: a draft is cancelled from its page', async ({ page }) => {
  await login(page, 'warehouse');
  const hz = await warehouse(page, 'HZ');
  const sup = ((await (await page.request.get('/api/inventory/suppliers?pageSize=1')).json()) as { items: { id: number }[] }).items[0]!;
  const supplied = ((await (await page.request.get(`/api/inventory/suppliers/${sup.id}`)).json()) as { skus: { skuId: number; moq: number }[] }).skus[0]!;
  const created = await page.request.post('/api/inventory/purchase-orders', {
    data: { supplierId: sup.id, warehouseId: hz.id, notes: `e2e 取消 ${run()}`, lines: [{ skuId: supplied.skuId, qty: Math.max(supplied.moq, 12) }] },
  });
  expect(created.ok(), await created.text()).toBe(true);
  const po = (await created.json()) as { id: number; number: string };

  await page.goto(`/admin/inventory/purchase-orders/${po.id}`);
  await expect(page.getByTestId('po-status')).toHaveText('草稿');
  await page.getByTestId('po-cancel').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByTestId('po-status')).toHaveText('已取消');
  // a cancelled order can be neither placed nor cancelled again
  await expect(page.getByTestId('po-cancel')).toHaveCount(0);
  await expect(page.getByTestId('po-order')).toHaveCount(0);
  await page.goto('/admin/inventory/purchase-orders');
  await expect(page.getByTestId('pos-page').locator('.ant-table-row', { hasText: po.number }).getByTestId('po-status')).toHaveText('已取消');
});

test('the stock card ledger names each document by its number; a shipment links to its order', async ({ page }) => {
  await login(page, 'warehouse');
  // a SKU the demo data has shipped, so its ledger holds shipments, opening stock and our adjustment
  // an order's shipment (SO…), not an after-sales replacement (SH…), which the ledger labels as its request
  const shipped = ((await (await page.request.get('/api/inventory/movements?type=shipment&pageSize=100')).json()) as { items: { skuId: number; skuCode: string; warehouseName: string; documentNo: string; orderId: number }[] }).items.find((m) => m.documentNo?.startsWith('SO'))!;
  expect(shipped.documentNo).toBeTruthy();
  await adjust(page, shipped.warehouseName, shipped.skuCode, 2, `e2e 单号 ${run()}`);
  const number = /调整单 (\S+) 已生效/.exec(await page.getByText(/调整单 .* 已生效/).innerText())![1]!;

  await page.goto(`/admin/inventory/skus/${shipped.skuId}`);
  const ledger = page.getByTestId('ledger');
  await expect(ledger.locator('.ant-table-row').first().getByTestId('ledger-doc')).toHaveText(`调整单 ${number}`);
  const docs = await ledger.getByTestId('ledger-doc').allInnerTexts();
  expect(docs.some((d) => d.startsWith('发货单 '))).toBe(true);
  for (const d of docs) expect(d).not.toContain('#');
  await expect(ledger.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/inventory-ledger-docno.png', fullPage: true });

  // only shipments: the shipment's number, linking to the order it left for
  await page.getByTestId('ledger-type').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').filter({ hasText: '出库' }).click();
  const link = ledger.getByRole('link', { name: `发货单 ${shipped.documentNo}` }).first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${shipped.orderId}$`));
});
