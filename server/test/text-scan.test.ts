import { describe, expect, it } from 'vitest';
import { findChinese, findUntranslated, KNOWN_CODES, ZH_ALLOWED_WORDS } from './text-scan';

const tokens = (text: string) => findUntranslated(text).map((f) => `${f.rule}:${f.token}`);

describe('the zh-CN text scanner', () => {
  it('passes clean Chinese UI text with SKU codes, numbers, units, brands and acronyms', () => {
    const text = '订单 SO20261207-0001 · 部分发货 · 农夫山泉 550ml×24 · 2 箱（48 瓶） · NFSQ01-1 · SKU 数 · 导出 Excel / CSV · API 令牌 · 88折 · 打印 80 mm · 杭州总仓 (HZ) · ¥1,234.50';
    expect(findUntranslated(text)).toEqual([]);
  });

  it('fails on a planted English phrase', () => {
    expect(tokens('订单详情 · Partly shipped · 合计 ¥12.00')).toEqual(['english:Partly', 'code:shipped']);
    expect(tokens('一级经销商 12% off')).toEqual(['english:off']);
    expect(tokens('最新 / newest')).toEqual(['code:newest']);
  });

  it('fails on a planted code: snake_case, SCREAMING_CASE, or a known status, event or role code', () => {
    expect(tokens('状态：partially_shipped')).toEqual(['code:partially_shipped']);
    expect(tokens('王磊 (customer_buyer) 提交订单')).toEqual(['code:customer_buyer']);
    expect(tokens('错误 NOT_FOUND')).toEqual(['code:NOT_FOUND']);
    expect(tokens('取消 → cancel')).toEqual(['code:cancel']);
    expect(tokens('状态 PENDING')).toEqual(['code:PENDING']);
  });

  it('ignores e-mail addresses, web addresses and allowed words, and reports where a finding is', () => {
    expect(findUntranslated('邮箱 c001@dealer.example.cn · 推送地址 https://erp.example.com/hook · Ordo 订货')).toEqual([]);
    expect(findUntranslated('登录账号 buyer', ['buyer'])).toEqual([]);
    const [f] = findUntranslated('这是一段很长的中文说明文字 then English 然后又是中文');
    expect(f).toMatchObject({ rule: 'english', token: 'then' });
    expect(f.context).toContain('then English');
  });

  it('keeps codes out of the allow-list', () => {
    for (const w of ZH_ALLOWED_WORDS) expect(KNOWN_CODES.has(w.toLowerCase())).toBe(false);
  });

  it('finds Chinese chrome in English text', () => {
    expect(findChinese('Orders · All · Export')).toEqual([]);
    expect(findChinese('Sort: 最新 / newest').map((f) => f.token)).toEqual(['最新']);
  });
});
