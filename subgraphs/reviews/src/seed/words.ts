import type { ListedWord } from '../domain/filter/screen.ts';

/**
 * The demo sensitive-word list: a few words of each class, for trying the filter out. A real list
 * (thousands of words) is the operators' to load (addSensitiveWords).
 */
export const DEMO_WORDS: readonly ListedWord[] = [
  ...['fuck', 'shit', 'motherfucker', '傻逼', '操你妈', '赌博', '毒品', '枪支', '代开发票'].map((word) => ({ word, wordClass: 'BLOCK' as const })),
  ...['加微信', '加v信', '私聊我', '好评返现', '刷单', 'qq群'].map((word) => ({ word, wordClass: 'REVIEW' as const })),
  ...['垃圾', '骗子', '智障', '废物', 'damn', 'crap'].map((word) => ({ word, wordClass: 'MASK' as const })),
];
