export const zh = {
  imports: {
    menu: '数据导入', title: '数据导入 / 导出',
    hint: '按顺序下载模板、填好后上传：系统先检查每一行并列出所有问题（不写入），检查通过后再确认导入；已存在的编码会被更新，重复导入同一文件不会产生重复数据。导出的文件与模板格式相同，改好后可再导入。',
    createBrands: '自动创建品牌', template: '模板', export: '导出', choose: '选择文件并检查', run: '确认导入',
    required: '必填列：{{columns}}', checked: '检查通过：{{total}} 行，可以导入。', done: '导入完成：{{what}}新增 {{created}}，更新 {{updated}}，未变 {{unchanged}}{{parts}}。',
    what: { products: '商品 ', customers: '客户 ' }, skus: 'SKU 新增 {{created}}，更新 {{updated}}，未变 {{unchanged}}',
    contacts: '新增联系人 {{created}}', contactsUpdated: '更新联系人 {{updated}}', addresses: '新增收货地址 {{created}}',
    sep: '；', failed: '导入失败', row: '行', column: '列', problem: '问题', resultFile: '下载结果文件（每行的结果和问题）',
  },
};
export const en: typeof zh = {
  imports: {
    menu: 'Data import', title: 'Data import / export',
    hint: 'Download each template in turn, fill it in and upload it: every row is checked first and every problem listed (nothing written); then confirm the import. Existing codes are updated, so importing the same file again creates no duplicates. Exports use the same templates and can be imported back.',
    createBrands: 'Create missing brands', template: 'Template', export: 'Export', choose: 'Choose a file and check', run: 'Import',
    required: 'Required columns: {{columns}}', checked: 'Check passed: {{total}} rows ready to import.', done: 'Imported: {{what}}{{created}} created, {{updated}} updated, {{unchanged}} unchanged{{parts}}.',
    what: { products: 'products: ', customers: 'customers: ' }, skus: 'SKUs: {{created}} created, {{updated}} updated, {{unchanged}} unchanged',
    contacts: 'contacts added: {{created}}', contactsUpdated: 'contacts updated: {{updated}}', addresses: 'delivery addresses added: {{created}}',
    sep: '; ', failed: 'Import failed', row: 'Row', column: 'Column', problem: 'Problem', resultFile: 'Download the result file (each row\'s outcome and problems)',
  },
};
