import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_MODEL, DEFAULT_MODE, MODE_NAMES, MODES, modelsOf, type Mode } from '../models/catalogue';
import { CREATES } from './shared';

/** Version 2's create fields show for these, plus their own conditions. */
export const V2_CREATES = { operation: CREATES, '@version': [2] };
export const forModes = (...mode: Mode[]) => ({ show: { ...V2_CREATES, videoMode: mode } });

const MODE_DESCRIPTIONS: Record<Mode, string> = {
	image: 'Animate one image, the first frame',
	startEnd: 'A video from a first frame to a last frame',
	text: 'A video from a prompt alone',
	reference: 'A video of the subjects in 1–7 reference images',
	extend: 'Continue a video, optionally towards an end frame',
};

const modeField: INodeProperties = {
	displayName: 'Mode',
	name: 'videoMode',
	type: 'options',
	noDataExpression: true,
	default: DEFAULT_MODE,
	displayOptions: { show: V2_CREATES },
	options: MODES.map((mode) => ({ name: MODE_NAMES[mode], value: mode, description: MODE_DESCRIPTIONS[mode] })),
	description: 'What the video is made from',
};

/** One Model field per mode, each listing that mode's models from the catalogue. */
const modelFields: INodeProperties[] = MODES.map((mode) => modelField(mode, modelsOf(mode)[0].id));

function modelField(mode: Mode, initial: string): INodeProperties {
	return {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	noDataExpression: true,
	default: initial,
	displayOptions: forModes(mode),
	options: [
		...modelsOf(mode).map((model) => ({
			name: model.name,
			value: model.id,
			description: [model.alias ? `${model.id} (also spelt ${model.alias.id})` : model.id, model.note].filter(Boolean).join('. '),
		})),
		{ name: 'Custom Model ID', value: CUSTOM_MODEL, description: `Another ${MODE_NAMES[mode]} model ID the gateway serves` },
	],
	};
}

const customModelId: INodeProperties = {
	displayName: 'Custom Model ID',
	name: 'customModelId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. viduq3_turbo_img2video',
	displayOptions: { show: { ...V2_CREATES, model: [CUSTOM_MODEL] } },
	description:
		"A model ID the node's list does not know yet. The request carries the chosen mode's fields; its limits are left to the API.",
};

export const familyModelFields: INodeProperties[] = [modeField, ...modelFields, customModelId];
