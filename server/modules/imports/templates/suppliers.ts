import { supplierRowsForExport, upsertSuppliers, type BulkSupplier } from '../../inventory/suppliers-bulk';
import { NO, rowChecker, YES, yesNo, type Column, type Problem, type Template, type Unit } from '../types';

/** Suppliers (供应商): who the supplier buys from, written through inventory's supplier functions. */
const columns: Column[] = [
  { key: 'code', zh: '供应商编码', en: 'Supplier code', required: true, width: 12, example: 'S001', help: '唯一；已存在的编码会被更新' },
  { key: 'name', zh: '供应商名称', en: 'Supplier', required: true, width: 26, example: '杭州娃哈哈饮料有限公司' },
  { key: 'contactName', zh: '联系人', en: 'Contact', width: 10, example: '李强' },
  { key: 'phone', zh: '电话', en: 'Phone', width: 14, example: '0571-86000000' },
  { key: 'email', zh: '邮箱', en: 'Email', width: 20 },
  { key: 'address', zh: '地址', en: 'Address', width: 28, example: '杭州市上城区清泰街 160 号' },
  { key: 'taxNo', zh: '税号', en: 'Tax number', width: 20, example: '91330100MA2XXXXX0X', help: '统一社会信用代码或纳税人识别号，字母和数字' },
  { key: 'paymentTerms', zh: '付款条件', en: 'Payment terms', width: 12, example: '月结30天', help: '与供应商约定的付款方式，如“现结”“月结30天”' },
  { key: 'notes', zh: '备注', en: 'Notes', width: 20 },
  { key: 'active', zh: '启用', en: 'Active', width: 7, example: '是', help: '“否”为停用；不填为启用' },
];

const PHONE = /^[0-9+\-() ]{5,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const suppliersTemplate: Template<BulkSupplier> = {
  kind: 'suppliers', zh: '供应商', en: 'Suppliers', columns, keys: ['code'], chunk: 2000,
  async prepare(_db, rows) {
    const problems: Problem[] = [];
    const units: Unit<BulkSupplier>[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const c = rowChecker(problems, columns, r.row);
      const get = r.get;
      const code = get('code');
      if (!code) c.bad('code', '供应商编码不能为空');
      else if (!/^[A-Za-z0-9_-]{1,20}$/.test(code)) c.bad('code', `供应商编码“${code.slice(0, 30)}”只能包含字母、数字、- 和 _，最多 20 个字符`);
      else if (seen.has(code.toLowerCase())) c.bad('code', `供应商编码 ${code} 与第 ${seen.get(code.toLowerCase())} 行重复`);
      if (!get('name')) c.bad('name', '供应商名称不能为空');
      for (const [k, max] of [['name', 100], ['contactName', 50], ['address', 200], ['paymentTerms', 50], ['notes', 500]] as const) if (get(k).length > max) c.bad(k, `最多 ${max} 个字`);
      if (get('phone') && !PHONE.test(get('phone'))) c.bad('phone', '电话只能包含数字、+ - ( ) 和空格，5–30 个字符');
      if (get('email') && (!EMAIL.test(get('email')) || get('email').length > 200)) c.bad('email', '邮箱格式不正确');
      if (get('taxNo') && !/^[0-9A-Za-z]{6,20}$/.test(get('taxNo'))) c.bad('taxNo', '税号为 6–20 位字母和数字（统一社会信用代码为 18 位）');
      if (get('active') !== '' && !YES.test(get('active')) && !NO.test(get('active'))) c.bad('active', '请填写“是”或“否”');
      if (code && !seen.has(code.toLowerCase())) seen.set(code.toLowerCase(), r.row);
      if (c.had()) continue;
      const orNull = (k: string) => get(k) || null;
      units.push({
        rows: [r.row],
        value: {
          code, name: get('name'), contactName: orNull('contactName'), phone: orNull('phone'), email: orNull('email'), address: orNull('address'),
          taxNo: get('taxNo') ? get('taxNo').toUpperCase() : null, paymentTerms: orNull('paymentTerms'), notes: orNull('notes'), active: get('active') === '' || YES.test(get('active')),
        },
      });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const outcome = await upsertSuppliers(trx, actor, units.map((u) => u.value));
    return new Map(units.map((u) => [u.rows[0]!, outcome.get(u.value.code.toLowerCase()) ?? 'unchanged']));
  },
  async exportRows(db, only) {
    return (await supplierRowsForExport(db, only?.code)).map((s) => [s.code, s.name, s.contact_name, s.phone, s.email, s.address, s.tax_no, s.payment_terms, s.notes, yesNo(s.active)]);
  },
};
