import { formatYuan } from '../../../lib/money';
import { salesRepLogins } from '../../auth/users';
import { companyExtrasForExport, companyRowsForExport, upsertCompanies, type BulkCompany } from '../../customers/bulk';
import type { PaymentTerms } from '../../customers/tables';
import { CODE_RE, intCell, listCell, rowChecker, yuanCell, type Column, type Outcome, type Problem, type Row, type RowResult, type Template, type Unit } from '../types';

/**
 * Customers with contact, region, tier, sales rep, payment terms, credit limit and a default
 * delivery address; more contacts and addresses as more rows with the same 客户编码 (the way a
 * supplier's Excel list already looks: one line per contact or shop address, the code repeated).
 */
const columns: Column[] = [
  { key: 'code', zh: '客户编码', en: 'Customer code', required: true, width: 12, example: 'C1001', help: '唯一；已存在的编码会被更新（按第一行所填）。一个客户有多个联系人或收货地址时，在它下面再加行、填同一客户编码（客户名称可重复），每行填一个联系人和/或一个收货地址，其他列留空；已有的联系人和地址不会被删除' },
  { key: 'name', zh: '客户名称', en: 'Customer', required: true, width: 26, example: '杭州西湖便利店' },
  { key: 'contactName', zh: '联系人', en: 'Contact', width: 10, example: '王丽', help: '客户的第一行为主要联系人；同一客户编码的后续行为其他联系人（按姓名和电话识别，已有的不重复添加）' },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', width: 14, example: '13800000001' },
  { key: 'email', zh: '邮箱', en: 'Email', width: 20 },
  { key: 'province', zh: '省份', en: 'Province', width: 10, example: '浙江省' },
  { key: 'city', zh: '城市', en: 'City', width: 10, example: '杭州市' },
  { key: 'district', zh: '区县', en: 'District', width: 10, example: '西湖区' },
  { key: 'address', zh: '地址', en: 'Address', width: 26, example: '文三路 100 号' },
  { key: 'tier', zh: '客户等级', en: 'Tier', width: 10, example: '金牌', help: '等级不存在时自动创建（折扣 0，可在客户等级中修改）' },
  { key: 'salesRep', zh: '业务员账号', en: 'Sales rep login', width: 12, help: '业务员或管理员的登录账号' },
  { key: 'terms', zh: '结算方式', en: 'Payment terms', width: 10, example: '账期', help: '预付款 / 货到付款 / 账期' },
  { key: 'creditDays', zh: '账期天数', en: 'Credit days', width: 9, example: '30' },
  { key: 'creditLimit', zh: '信用额度(元)', en: 'Credit limit', width: 12, example: '50000' },
  { key: 'tags', zh: '标签', en: 'Tags', width: 12, help: '用逗号分隔' },
  { key: 'notes', zh: '备注', en: 'Notes', width: 20 },
  { key: 'recipient', zh: '收货人', en: 'Recipient', width: 10, example: '王丽', help: '填写收货人、收货电话、收货省份、收货城市、收货地址时：客户的第一行设为默认收货地址，后续行添加为其他收货地址（内容相同的不重复添加）' },
  { key: 'recipientPhone', zh: '收货电话', en: 'Recipient phone', width: 14, example: '13800000001' },
  { key: 'dProvince', zh: '收货省份', en: 'Delivery province', width: 10, example: '浙江省' },
  { key: 'dCity', zh: '收货城市', en: 'Delivery city', width: 10, example: '杭州市' },
  { key: 'dDistrict', zh: '收货区县', en: 'Delivery district', width: 10, example: '西湖区' },
  { key: 'dAddress', zh: '收货地址', en: 'Delivery address', width: 26, example: '文三路 100 号' },
];

const TERMS: Record<string, PaymentTerms> = { 预付款: 'prepay', 预付: 'prepay', 先款后货: 'prepay', prepay: 'prepay', 货到付款: 'cod', cod: 'cod', 账期: 'credit', 月结: 'credit', 赊销: 'credit', credit: 'credit' };
const TERMS_ZH: Record<PaymentTerms, string> = { prepay: '预付款', cod: '货到付款', credit: '账期' };
const PHONE = /^[0-9+\-() ]{5,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `later`: the customer's later rows, each with the index of the contact and the address it gives */
type Value = Omit<BulkCompany, 'salesRepId'> & { salesRepId: number | null; later: { row: number; contact: number | null; address: number | null }[] };
/** the customer's own columns: given on its first row; a later row leaves them blank or repeats them */
const COMPANY_KEYS = ['name', 'province', 'city', 'district', 'address', 'tier', 'salesRep', 'terms', 'creditDays', 'creditLimit', 'tags', 'notes'];

const contactNote = (code: string, name: string, o: Outcome) =>
  o === 'created' ? `为客户 ${code} 增加联系人 ${name}` : o === 'updated' ? `更新客户 ${code} 的联系人 ${name} 的邮箱` : `客户 ${code} 已有联系人 ${name}`;
const addressNote = (code: string, address: string, o: Outcome) => (o === 'created' ? `为客户 ${code} 增加收货地址 ${address}` : `客户 ${code} 已有收货地址 ${address}`);

export const customersTemplate: Template<Value> = {
  kind: 'customers', zh: '客户', en: 'Customers', columns, keys: ['code'], chunk: 1000,
  async prepare(db, rows) {
    const problems: Problem[] = [];
    const units: Unit<Value>[] = [];
    const reps = await salesRepLogins(db);
    const byCode = new Map<string, { first: Row; unit: Unit<Value> | null }>();
    for (const r of rows) {
      const c = rowChecker(problems, columns, r.row);
      const get = r.get;
      const code = get('code');
      if (!code) c.bad('code', '客户编码不能为空');
      else if (!CODE_RE.test(code) || code.length > 32) c.bad('code', `客户编码“${code.slice(0, 40)}”只能包含字母、数字和 - _，最多 32 个字符`);
      const lim: [string, number][] = [['contactName', 50], ['province', 30], ['city', 30], ['district', 30], ['address', 200], ['tier', 30], ['notes', 2000], ['recipient', 50], ['dProvince', 30], ['dCity', 30], ['dDistrict', 30], ['dAddress', 200]];
      for (const [k, max] of lim) if (get(k).length > max) c.bad(k, `最多 ${max} 个字`);
      for (const k of ['contactPhone', 'recipientPhone']) if (get(k) && !PHONE.test(get(k))) c.bad(k, '电话号码只能包含数字、+ - ( ) 和空格，5–20 个字符');
      if (get('email') && (!EMAIL.test(get('email')) || get('email').length > 100)) c.bad('email', '邮箱格式不正确');
      const addr = ['recipient', 'recipientPhone', 'dProvince', 'dCity', 'dAddress'];
      const given = addr.filter((k) => get(k) !== '');
      if (given.length && given.length < addr.length) for (const k of addr.filter((x) => get(x) === '')) c.bad(k, '填写收货地址时，收货人、收货电话、收货省份、收货城市和收货地址都需要填写');
      const orNull = (k: string) => get(k) || null;
      const delivery = given.length ? { recipient: get('recipient'), phone: get('recipientPhone'), province: get('dProvince'), city: get('dCity'), district: orNull('dDistrict'), address: get('dAddress') } : null;

      const earlier = code ? byCode.get(code.toLowerCase()) : undefined;
      if (earlier) {
        // a later row of the customer: one more contact and/or address; the customer's own columns are the first row's
        for (const k of COMPANY_KEYS) {
          if (get(k) !== '' && get(k) !== earlier.first.get(k)) c.bad(k, `同一客户编码的后续行只填联系人和收货地址：此列留空或与第 ${earlier.first.row} 行相同（“${earlier.first.get(k).slice(0, 30)}”）`);
        }
        if ((get('contactPhone') || get('email')) && !get('contactName')) c.bad('contactName', '填写联系电话或邮箱时需要填写联系人');
        if (!['contactName', 'contactPhone', 'email'].some((k) => get(k)) && !given.length) c.bad('code', `客户编码 ${code} 与第 ${earlier.first.row} 行重复：后续行用于填写更多联系人或收货地址，这一行都没有填写`);
        if (c.had() || !earlier.unit) continue;
        const v = earlier.unit.value;
        earlier.unit.rows.push(r.row);
        const later: Value['later'][number] = { row: r.row, contact: null, address: null };
        if (get('contactName')) later.contact = (v.contacts ??= []).push({ name: get('contactName'), phone: orNull('contactPhone'), email: orNull('email') }) - 1;
        if (delivery) later.address = (v.addresses ??= []).push(delivery) - 1;
        v.later.push(later);
        continue;
      }
      const name = get('name');
      if (!name) c.bad('name', '客户名称不能为空');
      else if (name.length > 100) c.bad('name', '客户名称最多 100 个字');
      const rep = get('salesRep') ? reps.get(get('salesRep').toLowerCase()) : undefined;
      if (get('salesRep') && !rep) c.bad('salesRep', `没有登录账号为“${get('salesRep').slice(0, 30)}”的业务员或管理员`);
      const terms = get('terms') === '' ? 'prepay' : TERMS[get('terms').toLowerCase()];
      if (!terms) c.bad('terms', '结算方式请填写：预付款、货到付款或账期');
      const creditDays = intCell(get('creditDays'), 0, 365, 0);
      if (creditDays == null) c.bad('creditDays', '账期天数须为 0–365 的整数');
      const creditLimit = get('creditLimit') === '' ? 0 : yuanCell(get('creditLimit'));
      if (creditLimit == null) c.bad('creditLimit', `信用额度“${get('creditLimit').slice(0, 20)}”不是有效金额（元）`);
      const tags = listCell(get('tags'), /[,，;；]/);
      if (tags.length > 20 || tags.some((t) => t.length > 20)) c.bad('tags', '最多 20 个标签，每个最多 20 字');
      const bad = c.had();
      const unit: Unit<Value> | null = bad ? null : {
        rows: [r.row],
        value: {
          code, name, contactName: orNull('contactName'), contactPhone: orNull('contactPhone'), email: orNull('email'), province: orNull('province'), city: orNull('city'),
          district: orNull('district'), address: orNull('address'), tier: orNull('tier'), salesRepId: rep?.id ?? null, paymentTerms: terms!, creditDays: creditDays!,
          creditLimit: creditLimit!, tags, notes: orNull('notes'), delivery, later: [],
        },
      };
      if (code && CODE_RE.test(code)) byCode.set(code.toLowerCase(), { first: r, unit });
      if (unit) units.push(unit);
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const done = await upsertCompanies(trx, actor, units.map((u) => u.value));
    const out = new Map<number, RowResult>();
    for (const { value: v, rows } of units) {
      // the first row is the customer (counted once); a later row adds a contact and/or an address to it (counted apart)
      out.set(rows[0]!, { record: done.outcome(v.code) });
      const contacts = done.contactOutcomes(v.code);
      const addresses = done.addressOutcomes(v.code);
      for (const l of v.later) {
        const r: RowResult = { parts: {} };
        const notes: string[] = [];
        if (l.contact != null) {
          const o = contacts[l.contact] ?? 'unchanged';
          r.parts!.contacts = o;
          notes.push(contactNote(v.code, v.contacts![l.contact]!.name, o));
        }
        if (l.address != null) {
          const o = addresses[l.address] ?? 'unchanged';
          r.parts!.addresses = o;
          notes.push(addressNote(v.code, v.addresses![l.address]!.address, o));
        }
        r.note = notes.join('；');
        out.set(l.row, r);
      }
    }
    return out;
  },
  async exportRows(db, only) {
    const reps = new Map([...(await salesRepLogins(db)).values()].map((r) => [r.id, r.login]));
    const extras = await companyExtrasForExport(db, only?.code);
    return (await companyRowsForExport(db, only?.code)).flatMap((c) => {
      const first = [
        c.code, c.name, c.contact_name, c.contact_phone, c.email, c.province, c.city, c.district, c.address, c.tier, c.sales_rep_id == null ? '' : reps.get(c.sales_rep_id) ?? '',
        TERMS_ZH[c.payment_terms], c.credit_days, formatYuan(Number(c.credit_limit)), (c.tags ?? []).join(','), c.notes, c.recipient, c.phone, c.d_province, c.d_city, c.d_district, c.d_address,
      ];
      // then one row per more contact / address, paired up: code and name, the contact, the address
      const x = extras.get(c.code) ?? { contacts: [], addresses: [] };
      const more = Array.from({ length: Math.max(x.contacts.length, x.addresses.length) }, (_, i) => {
        const k = x.contacts[i];
        const a = x.addresses[i];
        return [c.code, c.name, k?.name ?? '', k?.phone ?? '', k?.email ?? '', '', '', '', '', '', '', '', '', '', '', '',
          a?.recipient ?? '', a?.phone ?? '', a?.province ?? '', a?.city ?? '', a?.district ?? '', a?.address ?? ''];
      });
      return [first, ...more];
    });
  },
};
