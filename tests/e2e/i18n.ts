import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The console's translation tables (public/i18n/*.json), so that tests can
// name what they look for in any of the three languages: `text('da', 'Assign')`.

export type Lang = 'en' | 'fr' | 'da';
export const LANGS: Lang[] = ['en', 'fr', 'da'];

const tables: Record<string, Record<string, string>> = {};
for (const l of ['fr', 'da']) {
  tables[l] = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'public', 'i18n', `${l}.json`), 'utf8'));
}

/** `en` as the console shows it in `lang` (placeholders filled from `args`). */
export function text(lang: Lang, en: string, args: Record<string, string | number> = {}): string {
  const t = lang === 'en' ? en : tables[lang][en];
  if (t === undefined) throw new Error(`no ${lang} text for ${JSON.stringify(en)}`);
  return t.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
}
