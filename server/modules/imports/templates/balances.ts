import { formatYuan } from '../../../lib/money';
import { companyCodesByIds, companyIdsByCode } from '../../customers/bulk';
import { openingBalanceRowsForExport, openingBalances, setOpeningBalances } from '../../payments/opening';
import { dateCell, rowChecker, yuanCell, type Column, type Problem, type Template, type Unit } from '../types';

/**
 * Opening balances (客户期初余额/应收): each customer's prepaid balance and the receivable still
 * open in the old system with its due date, posted by payments as 'opening' ledger journals.
 * Importing the file again posts only differences; a balance already spent cannot be taken back
 * below what is left, and a receivable cannot be set below what finance has received against it
 * (the receipts stay: the column is the amount brought over, the export writes it back).
 */
const columns: Column[] = [
  { key: 'code', zh: '客户编码', en: 'Customer code', required: true, width: 12, example: 'C1001', help: '须为已导入的客户' },
  { key: 'name', zh: '客户名称', en: 'Customer', width: 24, example: '杭州西湖便利店', help: '只作核对，不导入' },
  { key: 'prepaid', zh: '预付款余额(元)', en: 'Prepaid balance', width: 14, example: '5000.00', help: '客户在原系统中的预付款（可用于下单付款）；不填为 0' },
  { key: 'receivable', zh: '期初应收(元)', en: 'Opening receivable', width: 14, example: '1200.00', help: '客户在原系统中尚未付清的欠款（原始金额）；不填为 0。计入应收账龄（“其中期初应收”列）。财务登记的期初应收收款另行记录：再次导入不会抹掉已收款，期初应收不能低于已收金额' },
  { key: 'dueDate', zh: '期初应收到期日', en: 'Opening receivable due date', width: 14, example: '2027-01-31', help: '期初应收的到期日，如 2027-01-31；不填则为导入当天加客户账期天数。账龄与逾期判断都按此日期' },
];

interface Value { companyId: number; prepaid: number; receivable: number; dueDate: string | null }

export const balancesTemplate: Template<Value> = {
  kind: 'balances', zh: '客户期初余额', en: 'Opening balances', columns, keys: ['code'], chunk: 2000,
  async prepare(db, rows) {
    const problems: Problem[] = [];
    const units: Unit<Value>[] = [];
    const ids = await companyIdsByCode(db, rows.map((r) => r.get('code')).filter(Boolean));
    const now = await openingBalances(db, [...new Set(ids.values())]);
    const seen = new Map<string, number>();
    for (const r of rows) {
      const c = rowChecker(problems, columns, r.row);
      const code = r.get('code');
      const id = ids.get(code.toLowerCase());
      if (!code) c.bad('code', '客户编码不能为空');
      else if (!id) c.bad('code', `客户编码“${code.slice(0, 40)}”不存在：请先导入客户`);
      else if (seen.has(code.toLowerCase())) c.bad('code', `客户编码 ${code} 与第 ${seen.get(code.toLowerCase())} 行重复`);
      const prepaid = r.get('prepaid') === '' ? 0 : yuanCell(r.get('prepaid'));
      if (prepaid == null) c.bad('prepaid', `预付款余额“${r.get('prepaid').slice(0, 20)}”不是有效金额（元，最多两位小数，不能为负）`);
      const receivable = r.get('receivable') === '' ? 0 : yuanCell(r.get('receivable'));
      if (receivable == null) c.bad('receivable', `期初应收“${r.get('receivable').slice(0, 20)}”不是有效金额（元，最多两位小数，不能为负）`);
      const due = r.get('dueDate') === '' ? null : dateCell(r.get('dueDate'));
      if (due === null && r.get('dueDate') !== '') c.bad('dueDate', `期初应收到期日“${r.get('dueDate').slice(0, 20)}”不是有效日期（如 2027-01-31）`);
      const had = id ? now.get(id) : undefined;
      if (had && receivable != null && receivable < had.received) {
        c.bad('receivable', `期初应收已收款 ${formatYuan(had.received)} 元：期初应收最少为 ${formatYuan(had.received)} 元（已收款不会被导入抹掉）`);
      }
      if (had && prepaid != null && prepaid < had.prepaid && had.available < had.prepaid - prepaid) {
        c.bad('prepaid', `预付款已被使用，可用余额只剩 ${formatYuan(had.available)} 元：期初余额最少为 ${formatYuan(had.prepaid - had.available)} 元`);
      }
      if (code && !seen.has(code.toLowerCase())) seen.set(code.toLowerCase(), r.row);
      if (c.had()) continue;
      units.push({ rows: [r.row], value: { companyId: id!, prepaid: prepaid!, receivable: receivable!, dueDate: due } });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const outcome = await setOpeningBalances(trx, actor, units.map((u) => u.value));
    return new Map(units.map((u) => [u.rows[0]!, outcome.get(u.value.companyId) ?? 'unchanged']));
  },
  async exportRows(db) {
    const balances = await openingBalanceRowsForExport(db);
    const names = await companyCodesByIds(db, balances.map((b) => b.companyId));
    return balances.map((b) => ({ ...b, ...names.get(b.companyId)! })).sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((r) => [r.code, r.name, formatYuan(r.prepaid), formatYuan(r.receivable), r.dueDate ?? '']);
  },
};
