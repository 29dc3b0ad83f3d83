import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules } from '../modules';
import { AppError, notFound } from './errors';
import { bilingual, registeredMessages } from './i18n';
import { describeFindings, findChinese, findUntranslated } from '../test/text-scan';

// Every module registers its error messages when imported; the list proves they are loaded.
void modules;

/** A message template with its {placeholders} blanked: they are filled with data at run time. */
const blank = (template: string) => template.replace(/\{\w+\}/g, ' ');

describe('API error messages in Chinese', () => {
  const all = registeredMessages();

  it('every registered code has a zh-CN message with no code and no English word, and an English one', () => {
    expect(all.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const [code, m] of all) {
      problems.push(...describeFindings(`${code} zh`, findUntranslated(blank(m.zh))));
      if (!m.en.trim()) problems.push(`${code}: no English message`);
      // The English messages may quote a Chinese example; they must still be English sentences.
      if (findChinese(blank(m.en)).length > 0 && !/[A-Za-z]{3,}/.test(m.en)) problems.push(`${code} en: not English: ${m.en}`);
    }
    expect(problems).toEqual([]);
  });

  it('placeholders are the same in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    const problems = all.filter(([, m]) => names(m.zh).join() !== names(m.en).join()).map(([code, m]) => `${code}: ${m.zh} | ${m.en}`);
    expect(problems).toEqual([]);
  });

  it('NOT_FOUND names the thing in the language asked for', () => {
    const e = notFound('订单 / order');
    expect(e.render('zh-CN').error.message).toBe('订单不存在或无权访问');
    expect(e.render('en').error.message).toBe('order not found');
    expect(new AppError('NOT_FOUND', 404, { entity: { zh: '商品', en: 'product' } }).render('zh-CN').error.message).toBe('商品不存在或无权访问');
  });

  it('every entity name given to notFound() has a Chinese half with no English and an English half', () => {
    // The argument of each notFound(...) call in the modules: a literal, or a constant of its file
    // (or exported by another module file) holding one literal or a record of them.
    const root = path.resolve(__dirname, '../modules');
    const files = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(root, f));
    const sources = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const literalsOf = (src: string, id: string): string[] | null => {
      const m = new RegExp(`const ${id}\\b[^=]*=\\s*('[^']*'|\\{[^}]*\\})`).exec(src);
      return m ? [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]) : null;
    };
    const names = new Set<string>();
    const unresolved: string[] = [];
    for (const [file, src] of sources) {
      for (const call of src.matchAll(/notFound\(\s*([^)]*?)\s*\)/g)) {
        const arg = call[1];
        const literal = /^'([^']*)'$/.exec(arg);
        if (literal) {
          names.add(literal[1]);
          continue;
        }
        // a constant (ENTITY, ENTITY[kind]) or an expression choosing between constants
        const plain = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?$/.exec(arg)?.[1];
        const ids = plain ? [plain] : [...arg.matchAll(/\b[A-Z][A-Z0-9_]*\b/g)].map((x) => x[0]);
        const resolve = (id: string) => literalsOf(src, id) ?? [...sources.values()].map((s) => (s.includes(`export const ${id}`) ? literalsOf(s, id) : null)).find(Boolean);
        const found = ids.map(resolve);
        if (found.length && found.every((f) => f && f.length)) found.forEach((f) => f!.forEach((n) => names.add(n)));
        else unresolved.push(`${path.relative(root, file)}: notFound(${arg})`);
      }
    }
    expect(unresolved).toEqual([]);
    expect(names.size).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const n of names) {
      const { zh, en } = bilingual(n);
      problems.push(...describeFindings(`notFound('${n}') zh`, findUntranslated(zh)));
      if (findChinese(en).length) problems.push(`notFound('${n}') en: "${en}" is not English`);
    }
    expect(problems).toEqual([]);
  });
});
