import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/harness';
import { fieldMessage, phraseZh } from './field-messages';

/**
 * 400 details are Chinese first, from one place (the error handler through field-messages):
 * zod's structured issues worded from their numbers, schema phrases translated, services' field
 * lists too; English callers keep the English. And every phrase a schema writes is translated.
 */
let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

const details = (r: { json(): { error: { code: string; details: { path: string; message: string }[] } } }) => r.json().error.details;
const han = /[\u4e00-\u9fff]/;

describe('validation details in the caller\u2019s language', () => {
  it('zod issues through HTTP: missing, wrong type, too long, unknown field, bad option, schema phrase', async () => {
    const r = await admin.post('/api/brands', { name: 'x'.repeat(500), nope: 1 });
    expect(r.statusCode).toBe(400);
    const d = details(r);
    expect(d.length).toBeGreaterThan(0);
    for (const x of d) {
      expect(x.message, `${x.path}: ${x.message}`).toMatch(han);
      expect(x.message).not.toMatch(/Too big|Invalid input|Unrecognized key|expected/);
    }
    expect(d.map((x) => x.message).join(' ')).toMatch(/最多 \d+ 个字符|不认识的字段：nope/);
    const missing = await admin.post('/api/brands', {});
    expect(details(missing)[0]!.message).toBe('必填');
    const en = await admin.post('/api/brands', {}, { 'accept-language': 'en' });
    expect(details(en)[0]!.message).toMatch(/expected string/);
  });

  it('structured issues are worded from their numbers', () => {
    expect(fieldMessage({ code: 'too_big', message: 'Too big: expected string to have <=64 characters', params: { origin: 'string', maximum: 64 } }, 'zh-CN')).toBe('最多 64 个字符');
    expect(fieldMessage({ code: 'too_small', message: 'Too small', params: { origin: 'number', minimum: 0, inclusive: false } }, 'zh-CN')).toBe('必须大于 0');
    expect(fieldMessage({ code: 'too_small', message: 'Too small', params: { origin: 'string', minimum: 1 } }, 'zh-CN')).toBe('不能为空');
    expect(fieldMessage({ code: 'invalid_type', message: 'Invalid input: expected number, received string', params: { expected: 'number' } }, 'zh-CN')).toBe('应为数字');
    expect(fieldMessage({ code: 'invalid_value', message: 'Invalid option', params: { values: ['cod', 'credit'] } }, 'zh-CN')).toBe('只能是以下之一：cod / credit');
    expect(fieldMessage({ code: 'unrecognized_keys', message: 'Unrecognized key: "x"', params: { keys: ['x'] } }, 'zh-CN')).toBe('不认识的字段：x，请去掉');
    // a schema phrase wins over the generic wording; English callers keep the schema's English
    expect(fieldMessage({ code: 'invalid_format', message: 'a date YYYY-MM-DD', params: { format: 'regex' } }, 'zh-CN')).toBe('日期格式应为 YYYY-MM-DD，如 2026-12-31');
    expect(fieldMessage({ code: 'invalid_format', message: 'a date YYYY-MM-DD', params: { format: 'regex' } }, 'en')).toBe('a date YYYY-MM-DD');
    // an unknown phrase is never dropped: Chinese summary, English in brackets
    expect(fieldMessage({ code: 'custom', message: 'something new' }, 'zh-CN')).toBe('格式不正确（something new）');
    expect(fieldMessage({ message: '商品名称不能为空 / required' }, 'zh-CN')).toBe('商品名称不能为空 / required');
  });

  it('every English phrase the server schemas write reads Chinese first, nearly all of them translated', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(path.join(__dirname, '..'));
    // the message argument of a zod check: .max(64, 'at most 64 characters'), .refine(fn, 'not a real date'), { message: '…' }
    const re = /(?:\.(?:regex|refine|max|min|int|positive|nonnegative|length|email|url|gte|lte|gt|lt|nonempty|multipleOf)\((?:[^()']|\([^()]*\))*,\s*|message:\s*)'([a-z][^'\n]{2,160})'/g;
    const missing = new Set<string>();
    let seen = 0;
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      if (!src.includes("from 'zod'")) continue;
      for (const m of src.matchAll(re)) {
        seen++;
        // whatever the phrase, a Chinese reader gets Chinese first
        expect(fieldMessage({ code: 'custom', message: m[1]! }, 'zh-CN')).toMatch(/^[^a-z]*[\u4e00-\u9fff]/);
        if (!phraseZh(m[1]!)) missing.add(`${path.relative(process.cwd(), f)}: ${m[1]}`);
      }
    }
    expect(seen).toBeGreaterThan(30);
    // a phrase added since is shown as "格式不正确（…）" until PHRASES has it: list them, fail past a few
    if (missing.size) console.warn(`field phrases without Chinese (add them to PHRASES):\n${[...missing].join('\n')}`);
    expect(missing.size, [...missing].join('\n')).toBeLessThanOrEqual(5);
  });
});
