import { describe, expect, it } from 'vitest';
import { buildAutomaton, findAll } from '../src/domain/filter/ahoCorasick.ts';
import { foldText, foldWord } from '../src/domain/filter/normalize.ts';
import { compileWords, findHits, maskHits, screenText, type ListedWord } from '../src/domain/filter/screen.ts';
import { DEMO_WORDS } from '../src/seed/words.ts';

const codes = (s: string) => [...s].map((c) => c.codePointAt(0)!);

describe('Aho-Corasick', () => {
  it('finds every occurrence of every word in one pass, overlapping and nested ones included', () => {
    const automaton = buildAutomaton(['he', 'she', 'his', 'hers'].map((w) => ({ key: codes(w), value: w })));
    const found = findAll(automaton, codes('ushers')).map((m) => [m.value, m.start, m.end]);
    expect(found).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
  });

  it('follows failure links across words that share prefixes and suffixes', () => {
    const automaton = buildAutomaton(['abcd', 'bc', 'c', 'bcx'].map((w) => ({ key: codes(w), value: w })));
    expect(findAll(automaton, codes('abcx')).map((m) => m.value)).toEqual(['bc', 'c', 'bcx']);
    expect(findAll(automaton, codes('xyz'))).toEqual([]);
  });

  it('matches CJK words and skips empty keys', () => {
    const automaton = buildAutomaton([
      { key: codes('赌博'), value: 1 },
      { key: [], value: 2 },
    ]);
    expect(findAll(automaton, codes('不要赌博啊赌博')).map((m) => [m.start, m.end])).toEqual([
      [2, 4],
      [5, 7],
    ]);
  });
});

describe('folding', () => {
  it('turns full-width into half-width, drops case, and leaves out spaces, punctuation and invisible characters', () => {
    expect(String.fromCodePoint(...foldText('ＦＵｃｋ').codes)).toBe('fuck');
    expect(String.fromCodePoint(...foldText('f u.c-k！\u200b').codes)).toBe('fuck');
    expect(String.fromCodePoint(...foldText('Ａ　Ｂ').codes)).toBe('ab');
  });

  it('maps traditional characters to simplified ones where the mapping has them', () => {
    expect(String.fromCodePoint(...foldWord('賭博'))).toBe('赌博');
    expect(String.fromCodePoint(...foldWord('這個'))).toBe('这个');
  });

  it('remembers where each folded character came from (surrogate pairs included)', () => {
    const folded = foldText('a😀b');
    expect(folded.codes).toEqual(codes('ab'));
    expect(folded.starts).toEqual([0, 3]);
    expect(folded.ends).toEqual([1, 4]);
  });
});

describe('the sensitive-word filter', () => {
  const filter = compileWords([
    { word: 'fuck', wordClass: 'BLOCK' },
    { word: 'ass', wordClass: 'MASK' },
    { word: '赌博', wordClass: 'BLOCK' },
    { word: '加微信', wordClass: 'REVIEW' },
    { word: '垃圾', wordClass: 'MASK' },
  ]);
  const verdict = (text: string) => screenText(filter, text).verdict;

  it.each([
    ['full-width', 'ｆｕｃｋ this'],
    ['spaces between the letters', 'what f u c k'],
    ['dots between the letters', 'f.u.c.k!'],
    ['upper case', 'FUCK'],
    ['mixed case and full-width', 'ＦuＣk'],
    ['traditional characters', '一起來賭博'],
    ['punctuation inside a Chinese word', '赌*博'],
    ['zero-width spaces', 'fu\u200bck'],
  ])('catches %s', (_, text) => {
    expect(verdict(text)).toBe('BLOCK');
  });

  it('names what it found and where, in the original text', () => {
    expect(findHits(filter, 'ok f.u.c.k ok')).toEqual([{ word: 'fuck', wordClass: 'BLOCK', start: 3, end: 10 }]);
  });

  it('the most severe class wins', () => {
    expect(verdict('垃圾 加微信')).toBe('REVIEW');
    expect(verdict('垃圾 加微信 fuck')).toBe('BLOCK');
    expect(verdict('垃圾')).toBe('MASK');
  });

  it('masks the original characters of a MASK word, inserted punctuation included', () => {
    expect(screenText(filter, '真是垃-圾东西').masked).toBe('真是***东西');
    expect(screenText(filter, 'you a.s.s').masked).toBe('you *****');
    expect(maskHits('abc', [])).toBe('abc');
  });

  it('matches Latin words as whole words only: no hit inside class, grass or assessment', () => {
    expect(verdict('First class quality, the grass-green colour passed my assessment')).toBe('CLEAN');
    expect(verdict('you ass')).toBe('MASK');
  });

  it('passes normal reviews with no false positive (the demo word list)', () => {
    const demo = compileWords(DEMO_WORDS as ListedWord[]);
    const reviews = [
      '质量很好，物流也快，包装完整，五星好评！',
      '衣服尺码合适，面料舒服，颜色和图片一样，会回购。',
      '手机运行流畅，拍照清晰，电池续航一天没问题。',
      '客服态度很好，耐心解答问题，发货速度快。',
      '坚果很新鲜，口感酥脆，分量足，家人都喜欢吃。',
      '桌子安装说明清楚，自己半小时就装好了，很稳。',
      '东西不错，就是快递有点慢，总体满意。',
      '第二次购买了，一如既往的好，推荐给朋友们。',
      '價格實惠，質量很好，會再來買的。',
      'Great quality, fast shipping, and the assembly instructions were clear.',
      'The shoes fit well; I passed my first marathon in them. Classic design!',
      'Battery lasts all day. The assistant in customer service was helpful.',
      'Not bad for the price, though the box arrived a bit damaged.',
      'Sussex tea set arrived safely; excellent value, would buy again.',
    ];
    for (const text of reviews) expect(screenText(demo, text), text).toMatchObject({ verdict: 'CLEAN', hits: [] });
  });

  it('the demo list catches its own words, disguised', () => {
    const demo = compileWords(DEMO_WORDS as ListedWord[]);
    expect(screenText(demo, 'Ｓ-Ｈ-Ｉ-Ｔ product').verdict).toBe('BLOCK');
    expect(screenText(demo, '便宜，加 V 信 看看').verdict).toBe('REVIEW');
  });
});
