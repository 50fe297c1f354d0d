import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CUSTOM_MODEL, customModel, MODELS, MODES, type Mode, type ModelSpec } from '../models/catalogue';
import { choiceText, durationText, sourceNote } from '../models/limitText';
import { fromProviderDocs, isRange, type ChoiceLimit } from '../models/types';
import { WATERMARK_POSITION_NAMES } from '../models/values';
import { V2_CREATES } from './familyModel';
import { toBody } from './shared';

/** Every entry of the Model fields: the catalogue's models and each mode's Custom Model ID. */
const FORM_MODELS: ModelSpec[] = [...MODELS, ...MODES.map((mode) => customModel(mode, CUSTOM_MODEL))];

interface Group<T> {
	mode: Mode;
	ids: string[];
	value: T;
}

/** The models (per mode) that share one value of a field, so that each distinct field is declared once. */
function groups<T>(pick: (model: ModelSpec) => T | undefined): Array<Group<T>> {
	const found = new Map<string, Group<T>>();
	for (const model of FORM_MODELS) {
		const value = pick(model);
		if (value === undefined) continue;
		const key = `${model.mode} ${JSON.stringify(value)}`;
		const group = found.get(key) ?? { mode: model.mode, ids: [], value };
		group.ids.push(model.id);
		found.set(key, group);
	}
	return [...found.values()];
}

const showFor = (group: Group<unknown>, extra: Record<string, unknown[]> = {}) => ({
	show: { ...V2_CREATES, videoMode: [group.mode], model: group.ids, ...extra },
});

const choices = (values: Array<string | number>): INodePropertyOptions[] => values.map((value) => ({ name: String(value), value }));
const capitalised = (value: string) => value[0].toUpperCase() + value.slice(1);

function promptFields(): INodeProperties[] {
	return groups((model) => model.prompt).map((group) => ({
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: group.value.required,
		placeholder: 'e.g. The camera slowly pushes in while leaves drift across the frame',
		displayOptions: showFor(group),
		description:
			`What should happen in the video${group.value.required ? ' (required)' : ''}` +
			(group.value.maxChars ? `, at most ${group.value.maxChars} characters (${sourceNote(group.value.source)})` : ''),
		routing: toBody('prompt'),
	}));
}

function durationFields(): INodeProperties[] {
	return groups((model) => model.duration).map((group) => {
		const limit = group.value;
		const common = {
			displayName: 'Duration (Seconds)',
			name: 'duration',
			default: limit.default,
			displayOptions: showFor(group),
			description: `Length of the video: ${durationText(limit)}`,
			routing: toBody('duration'),
		};
		if (!isRange(limit)) return { ...common, type: 'options' as const, options: choices(limit.values) };
		const bounds = fromProviderDocs(limit) ? { minValue: limit.min, maxValue: limit.max } : {};
		return { ...common, type: 'number' as const, typeOptions: { ...bounds, numberPrecision: 0 } };
	});
}

function resolutionFields(): INodeProperties[] {
	return groups((model) => model.resolution).flatMap((group) => {
		const limit = group.value;
		const field = (values: string[], fallback: string, extra?: Record<string, unknown[]>): INodeProperties => ({
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			default: fallback,
			displayOptions: showFor(group, extra),
			options: choices(values),
			description: `${choiceText({ ...limit, values, default: fallback })}${extra ? ', for this duration' : ''}`,
			routing: toBody('resolution'),
		});
		if (!limit.byDuration) return [field(limit.values, limit.default)];
		return Object.entries(limit.byDuration).map(([duration, at]) => field(at.values, at.default, { duration: [Number(duration)] }));
	});
}

function choiceFields(
	displayName: string,
	name: string,
	apiName: string,
	pick: (model: ModelSpec) => ChoiceLimit<string> | undefined,
	label = (value: string) => value,
): INodeProperties[] {
	return groups(pick).map((group) => {
		const initial = group.value.default;
		return {
			displayName,
			name,
			type: 'options',
			default: initial,
			displayOptions: showFor(group),
			options: group.value.values.map((value) => ({ name: label(value), value })),
			description: choiceText(group.value),
			routing: toBody(apiName),
		};
	});
}

function switchFields(
	displayName: string,
	name: string,
	apiName: string,
	whether: string,
	pick: (model: ModelSpec) => { source: string; default?: boolean } | undefined,
): INodeProperties[] {
	return groups((model) => {
		const value = pick(model);
		return value && { source: value.source, default: value.default ?? false };
	}).map((group) => {
		const field: INodeProperties = {
			displayName,
			name,
			type: 'boolean',
			default: false,
			displayOptions: showFor(group),
			description: `Whether ${whether} (${sourceNote(group.value.source)})`,
			routing: toBody(apiName),
		};
		// The model's own default from the catalogue: Q3 audio is on unless turned off.
		return group.value.default ? { ...field, default: true } : field;
	});
}

function voiceFields(): INodeProperties[] {
	return groups((model) => (model.audio?.voice ? true : undefined)).map((group) => ({
		displayName: 'Voice ID',
		name: 'voiceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. a voice ID from the provider (empty: automatic)',
		displayOptions: showFor(group, { audio: [true] }),
		description: "The voice's timbre, from the provider's voice list; empty lets the system recommend one",
		routing: toBody('voice_id'),
	}));
}

/** A voice per subject: shown with audio, for the models whose subjects carry a voice_id (and with Send as Subjects where that is a choice). */
function subjectVoiceFields(): INodeProperties[] {
	return groups((model) => (model.subjects?.voice ? { only: model.subjects.only === true, source: model.subjects.source } : undefined)).map((group) => ({
		displayName: 'Subject Voices',
		name: 'subjectVoices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Subject Voice',
		displayOptions: showFor(group, group.value.only ? { audio: [true] } : { audio: [true], asSubjects: [true] }),
		description: `The voice each subject speaks with, sent as its voice_id (${sourceNote(group.value.source)}); a subject without one gets a voice the provider picks`,
		options: [
			{
				displayName: 'Voice',
				name: 'voice',
				values: [
					{ displayName: 'Subject ID', name: 'subjectId', type: 'string', default: '', placeholder: 'e.g. fox', description: 'The Subject ID of its reference images' },
					{ displayName: 'Voice ID', name: 'voiceId', type: 'string', default: '', description: "A voice ID from the provider's voice list" },
				],
			},
		],
	}));
}

function watermarkFields(): INodeProperties[] {
	const watermarked = groups((model) => model.watermark);
	return [
		...switchFields('Watermark', 'watermark', 'watermark', 'to add a watermark (by default an AI-generated mark)', (model) => model.watermark),
		...watermarked.map((group): INodeProperties => {
			const named = group.value.position === 'name';
			const initial = named ? 'bottom_left' : 3;
			return {
				displayName: 'Watermark Position',
				name: 'wmPosition',
				type: 'options',
				default: initial,
				displayOptions: showFor(group, { watermark: [true] }),
				options: WATERMARK_POSITION_NAMES.map((position, index) => ({
					name: position.split('_').map(capitalised).join(' '),
					value: named ? position : index + 1,
				})),
				description: `Sent as ${named ? 'a name' : 'a number 1–4'} (${sourceNote(group.value.source)})`,
				routing: toBody('wm_position'),
			};
		}),
		...watermarked.map((group): INodeProperties => ({
			displayName: 'Watermark Image URL',
			name: 'wmUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/logo.png',
			displayOptions: showFor(group, { watermark: [true] }),
			description: 'An image URL to use as the watermark; empty uses the default AI-generated mark',
			routing: toBody('wm_url'),
		})),
	];
}

/** The generation fields of version 2, one declaration per distinct limit, in the body's order. */
export const familyGenerationFields: INodeProperties[] = [
	...promptFields(),
	...choiceFields('Style', 'style', 'style', (model) => model.style, capitalised),
	...durationFields(),
	...resolutionFields(),
	...choiceFields('Aspect Ratio', 'aspectRatio', 'aspect_ratio', (model) => model.aspectRatio),
	...choiceFields('Movement Amplitude', 'movementAmplitude', 'movement_amplitude', (model) => model.movement, capitalised),
	...switchFields('Audio', 'audio', 'audio', 'the video has dialogue and sound (off: a silent video)', (model) => model.audio),
	...voiceFields(),
	...subjectVoiceFields(),
	...switchFields('Background Music', 'bgm', 'bgm', 'to add background music from a preset library', (model) => model.bgm),
	...switchFields('Use Recommended Prompt', 'isRec', 'is_rec', 'the provider writes the prompt itself; your prompt is then ignored and the task costs extra', (model) => model.isRec),
	...switchFields('Off-Peak Mode', 'offPeak', 'off_peak', 'to generate off-peak for fewer points (the provider marks it temporarily unavailable; not with audio)', (model) => model.offPeak),
	...watermarkFields(),
];
