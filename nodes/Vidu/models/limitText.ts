import { fromProviderDocs, isRange, type ChoiceLimit, type RangeLimit, type Source } from './types';

/** How a limit's source reads in a field description: what the node checks, and what it leaves to the API. */
export function sourceNote(source: Source | undefined): string {
	if (source === undefined || source === 'family') return 'not checked before sending: the API decides';
	if (fromProviderDocs({ source })) return `provider docs, ${source}`;
	return `from ${source === 'C' ? "the provider's CLI" : `a third party (${source})`}, not the provider's docs: the API decides`;
}

export function durationText(limit: RangeLimit | ChoiceLimit<number>): string {
	const values = isRange(limit) ? `${limit.min}–${limit.max}` : limit.values.join(' or ');
	return `${values} s, default ${limit.default} (${sourceNote(limit.source)})`;
}

export const choiceText = (limit: ChoiceLimit<string>): string =>
	`${limit.values.join(', ')}; default ${limit.default} (${sourceNote(limit.source)})`;
