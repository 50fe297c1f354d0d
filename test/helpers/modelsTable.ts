/** The README's model table, rendered from the catalogue (test/unit/readme-models.test.ts keeps them equal). */
import { MODE_NAMES, MODELS } from '../../nodes/Vidu/models/catalogue';
import { isRange, type ModelSpec } from '../../nodes/Vidu/models/types';

export const TABLE_START = '<!-- models:start -->';
export const TABLE_END = '<!-- models:end -->';

const or = (text: string | undefined) => text ?? '—';

function duration(model: ModelSpec) {
	const limit = model.duration;
	if (!limit) return undefined;
	return `${isRange(limit) ? `${limit.min}–${limit.max}` : limit.values.join(' or ')} s (${limit.source})`;
}

function resolution(model: ModelSpec) {
	const limit = model.resolution;
	if (!limit) return undefined;
	const byDuration = limit.byDuration
		? Object.entries(limit.byDuration).map(([seconds, at]) => `${at.values.join('/')} at ${seconds} s`).join('; ')
		: limit.values.join(', ');
	return `${byDuration} (${limit.source})`;
}

const choice = (limit: { values: string[]; source: string } | undefined) => limit && `${limit.values.join(', ')} (${limit.source})`;

export function modelsTable(): string {
	const rows = MODELS.map((model) =>
		[
			MODE_NAMES[model.mode],
			model.name,
			`\`${model.id}\`${model.alias ? ` (also \`${model.alias.id}\`)` : ''}`,
			or(duration(model)),
			or(resolution(model)),
			or(choice(model.aspectRatio)),
			model.listedIn.join(', '),
		].join(' | '),
	);
	return [
		'| Mode | Model | ID | Duration | Resolution | Aspect ratio | Listed in |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows.map((row) => `| ${row} |`),
	].join('\n');
}
