/** The graph's Find/Hide: the toolbar fields, and the pure language behind them. */
export { FindHideBar } from './FindHideBar.tsx';
export { parseFind } from './parse-find.ts';
export type { FindError, FindExpression, FindParseResult } from './parse-find.ts';
export { evaluateFind, findAndHide, hiddenElements } from './evaluate-find.ts';
export type { FindHideResult, FindMatches } from './evaluate-find.ts';
export { FIND_PARAM, HIDE_PARAM } from './url.ts';
