import { describe, expect, it } from 'vitest';
import { dayIso, dayNumber, fitReorder, isoDay, mergeDays, reorderState, type OrderPoint } from './model';

const box = (day: number, qty = 48): OrderPoint => ({ day, qty, unit: '箱', factor: 24 });
const start = isoDay('2026-06-01');

describe('the reorder model', () => {
  it('a steady 14-day rhythm predicts the day 14 days after the last order, with high confidence', () => {
    const pts = Array.from({ length: 8 }, (_, i) => box(start + 14 * i));
    const fit = fitReorder(pts)!;
    expect(fit.intervalDays).toBe(14);
    expect(dayIso(fit.nextDay)).toBe(dayIso(start + 14 * 8));
    expect(fit.usualQty).toBe(48);
    expect(fit.unit).toBe('箱');
    expect(fit.dispersion).toBe(0);
    expect(fit.confidence).toBeGreaterThan(0.7);
  });

  it('fewer than 3 order days: no prediction (no guessing), same-day orders count once', () => {
    expect(fitReorder([])).toBeNull();
    expect(fitReorder([box(start), box(start + 14)])).toBeNull();
    expect(fitReorder([box(start), box(start), box(start + 14)])).toBeNull();
    expect(fitReorder([box(start), box(start + 14), box(start + 28)])).not.toBeNull();
  });

  it('ignores outliers: a holiday gap, a skipped cycle and an urgent top-up do not move the rhythm', () => {
    const days = [0, 14, 28, 42, 56, 100, 114, 128, 130, 142, 156];
    const fit = fitReorder(days.map((d) => box(start + d, d === 130 ? 6 : 48)))!;
    expect(fit.intervalDays).toBe(14);
    expect(fit.nextDay).toBe(start + 156 + 14);
    expect(fit.keptIntervals).toBeLessThan(fit.intervals);
    expect(fit.usualQty).toBe(48); // the small top-up is not the usual quantity
  });

  it('two far-apart intervals (a top-up, then a month) still give a prediction, with low confidence', () => {
    const fit = fitReorder([box(start), box(start + 1), box(start + 31)])!;
    expect(Number.isFinite(fit.nextDay)).toBe(true);
    expect(fit.intervalDays).toBe(15.5);
    expect(fit.confidence).toBeLessThan(0.3);
  });

  it('the usual quantity is the median in whole ordered units (a promotion order does not count)', () => {
    const qty = [48, 48, 72, 48, 240, 48];
    const fit = fitReorder(qty.map((q, i) => box(start + 7 * i, q)))!;
    expect(fit.usualQty).toBe(48);
    const odd = fitReorder([30, 30, 30].map((q, i) => box(start + 7 * i, q)))!;
    expect(odd.usualQty).toBe(24); // 30 bottles = 1.25 boxes → 1 box
  });

  it('noisy intervals lower the confidence', () => {
    const steady = fitReorder([0, 14, 28, 42, 56, 70].map((d) => box(start + d)))!;
    const noisy = fitReorder([0, 12, 28, 41, 56, 69].map((d) => box(start + d)))!;
    expect(noisy.dispersion).toBeGreaterThan(steady.dispersion);
    expect(noisy.confidence).toBeLessThan(steady.confidence);
  });

  it('uses monthly seasonality only with a year of history: shorter summer intervals predict a shorter next one in July', () => {
    const days: number[] = [];
    let d = isoDay('2025-01-05');
    while (d < isoDay('2026-07-01')) {
      days.push(d);
      const m = new Date(d * 86_400_000).getUTCMonth();
      d += m >= 5 && m <= 7 ? 10 : 20;
    }
    const fit = fitReorder(days.map((x) => box(x)))!;
    expect(fit.seasonal).toBe(true);
    expect(fit.nextIntervalDays).toBeLessThan(14);
    // the same rhythm over a few months only: no seasonality
    const short = fitReorder(days.slice(-6).map((x) => box(x)))!;
    expect(short.seasonal).toBe(false);
  });

  it('states: due within the lead days, overdue up to one interval late, then lapsed', () => {
    const fit = { nextDay: start + 14, intervalDays: 14 };
    expect(reorderState(fit, start + 5, 3)).toBe('upcoming');
    expect(reorderState(fit, start + 12, 3)).toBe('due');
    expect(reorderState(fit, start + 14, 3)).toBe('due');
    expect(reorderState(fit, start + 20, 3)).toBe('overdue');
    expect(reorderState(fit, start + 29, 3)).toBe('lapsed');
  });

  it('day numbers follow the supplier\'s calendar', () => {
    // 2026-03-01 17:00 UTC is already 2 March in Shanghai
    expect(dayIso(dayNumber(new Date('2026-03-01T17:00:00Z'), 'Asia/Shanghai'))).toBe('2026-03-02');
    expect(dayIso(dayNumber(new Date('2026-03-01T17:00:00Z'), 'UTC'))).toBe('2026-03-01');
    expect(mergeDays([box(3, 10), box(1, 5), box(3, 20)]).map((p) => [p.day, p.qty])).toEqual([[1, 5], [3, 30]]);
  });
});
