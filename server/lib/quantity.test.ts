import { describe, expect, it } from 'vitest';
import { defaultOrderUnit, formatBaseTotals, formatQuantity, lineQuantity, quantityLang } from './quantity';
// the web app's module: the same rule must come out of it (it re-exports this file)
import * as web from '../../web/src/lib/quantity';

const CASE = { unit: '箱', factor: 24 };

describe('formatQuantity: base units shown as ordered', () => {
  it('whole cases: "2 箱（48 瓶）"', () => {
    expect(formatQuantity(48, CASE, '瓶')).toBe('2 箱（48 瓶）');
    expect(formatQuantity(24, CASE, '瓶')).toBe('1 箱（24 瓶）');
    expect(formatQuantity(48, CASE, '瓶', { lang: 'en' })).toBe('2 箱 (48 瓶)');
    expect(formatQuantity(48, CASE, '瓶', { base: false })).toBe('2 箱');
  });

  it('part of a case says so', () => {
    expect(formatQuantity(30, CASE, '瓶')).toBe('1 箱 + 6 瓶（30 瓶）');
    expect(formatQuantity(30, CASE, '瓶', { lang: 'en' })).toBe('1 箱 + 6 瓶 (30 瓶)');
    expect(formatQuantity(6, CASE, '瓶')).toBe('6 瓶（不足 1 箱）');
    expect(formatQuantity(6, CASE, '瓶', { lang: 'en' })).toBe('6 瓶 (less than 1 箱)');
    expect(formatQuantity(6, CASE, '瓶', { base: false })).toBe('6 瓶');
    expect(formatQuantity(30, CASE, '瓶', { base: false })).toBe('1 箱 + 6 瓶');
  });

  it('base-unit lines, zero, negative and missing units', () => {
    expect(formatQuantity(48, { unit: '瓶', factor: 1 }, '瓶')).toBe('48 瓶');
    expect(formatQuantity(48, null, '瓶')).toBe('48 瓶');
    expect(formatQuantity(48, { unit: '瓶', factor: 24 }, '瓶')).toBe('48 瓶'); // a unit named like the base unit is the base unit
    expect(formatQuantity(0, CASE, '瓶')).toBe('0 箱');
    expect(formatQuantity(-30, CASE, '瓶')).toBe('-1 箱 + 6 瓶（-30 瓶）');
    expect(formatQuantity(-6, CASE, '瓶')).toBe('-6 瓶（不足 1 箱）');
  });

  it('lines, totals and language tags', () => {
    expect(lineQuantity(72, { unit: '件', unitFactor: 12, baseUnit: '盒' })).toBe('6 件（72 盒）');
    expect(formatBaseTotals([{ qty: 30, baseUnit: '瓶' }, { qty: 18, baseUnit: '瓶' }, { qty: 5, baseUnit: '罐' }])).toBe('48 瓶 + 5 罐');
    expect(formatBaseTotals([])).toBe('0');
    expect(quantityLang('en-US')).toBe('en');
    expect(quantityLang('zh-CN')).toBe('zh');
    expect(quantityLang(undefined)).toBe('zh');
  });

  it('the web app formats with the same function', () => {
    expect(web.formatQuantity).toBe(formatQuantity);
    expect(web.lineQuantity(30, { unit: '箱', unitFactor: 24, baseUnit: '瓶' })).toBe('1 箱 + 6 瓶（30 瓶）');
    expect(web.formatQuantity(48, CASE, '瓶', { lang: web.quantityLang('en') })).toBe('2 箱 (48 瓶)');
  });
});

describe('defaultOrderUnit: what a buyer adds by default', () => {
  const units = [{ unit: '瓶', factor: 1 }, { unit: '箱', factor: 24 }];
  it('a product sold loose adds its MOQ in the base unit', () => {
    expect(defaultOrderUnit(units, '瓶')).toEqual({ unit: '瓶', factor: 1, qty: 1 });
    expect(defaultOrderUnit(units, '瓶', 6)).toEqual({ unit: '瓶', factor: 1, qty: 6 });
  });
  it('a whole-case product adds 1 箱, enough cases for the MOQ', () => {
    expect(defaultOrderUnit(units, '瓶', 1, 24)).toEqual({ unit: '箱', factor: 24, qty: 1 });
    expect(defaultOrderUnit(units, '瓶', 48, 24)).toEqual({ unit: '箱', factor: 24, qty: 2 });
    expect(defaultOrderUnit(units, '瓶', 12, 12)).toEqual({ unit: '箱', factor: 24, qty: 1 }); // half cases allowed; a case is the smallest unit that fits
    expect(defaultOrderUnit([{ unit: '箱', factor: 12 }, { unit: '件', factor: 6 }], '盒', 1, 6)).toEqual({ unit: '件', factor: 6, qty: 1 }); // base unit added when missing
  });
  it('no unit fits the multiple: base units, the MOQ rounded up to the multiple', () => {
    expect(defaultOrderUnit(units, '瓶', 10, 7)).toEqual({ unit: '瓶', factor: 1, qty: 14 });
  });
});
