-- Suppliers (issue 19): the tax number (统一社会信用代码 / 税号) purchase invoices carry, and the
-- payment terms agreed with the supplier (e.g. 月结30天), as a supplier import brings them.
alter table suppliers add column tax_no text;
alter table suppliers add column payment_terms text;
