import type { INodeProperties } from 'n8n-workflow';

import { DURATION_DEFAULT, DURATION_MAX, DURATION_MIN, MOVEMENT_AMPLITUDES, PROMPT_MAX_CHARS, RESOLUTIONS } from '../constants';
import { CREATES, toBody } from './shared';

const show = { show: { operation: CREATES } };
export const generationFields: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. The camera slowly pushes in while leaves drift across the frame',
		displayOptions: show,
		description: `What should happen in the video, at most ${PROMPT_MAX_CHARS} characters. Ignored when Use Recommended Prompt is on.`,
		routing: toBody('prompt'),
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: DURATION_MIN, maxValue: DURATION_MAX, numberPrecision: 0 },
		default: DURATION_DEFAULT,
		displayOptions: show,
		description: `Length of the video in whole seconds, from ${DURATION_MIN} to ${DURATION_MAX}`,
		routing: toBody('duration'),
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		default: '720p',
		displayOptions: show,
		options: RESOLUTIONS.map((value) => ({ name: value, value })),
		routing: toBody('resolution'),
	},
	{
		displayName: 'Movement Amplitude',
		name: 'movementAmplitude',
		type: 'options',
		default: 'auto',
		displayOptions: show,
		options: MOVEMENT_AMPLITUDES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
		description: 'How much the objects in the scene move',
		routing: toBody('movement_amplitude'),
	},
];
