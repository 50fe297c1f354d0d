import type { INodeProperties } from 'n8n-workflow';

import { MOVEMENT_AMPLITUDES, RESOLUTIONS } from '../constants';
import { CREATES } from './shared';

const show = { show: { operation: CREATES } };
const toBody = (property: string) => ({ send: { type: 'body' as const, property } });

export const generationFields: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. The camera slowly pushes in while leaves drift across the frame',
		displayOptions: show,
		description: 'What should happen in the video, at most 2000 characters. Ignored when Use Recommended Prompt is on.',
		routing: toBody('prompt'),
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
		default: 5,
		displayOptions: show,
		description: 'Length of the video in whole seconds, from 1 to 10',
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
	{
		displayName: 'Additional Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Background Music',
				name: 'bgm',
				type: 'boolean',
				default: false,
				description:
					'Whether to add background music picked from a preset library. It has no effect when the duration is 9 or 10 seconds.',
				routing: toBody('bgm'),
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/webhook/vidu',
				description: 'An http(s) URL the provider POSTs the task to when it ends (e.g. an n8n Webhook node)',
				routing: toBody('callback_url'),
			},
			{
				displayName: 'Off-Peak Mode',
				name: 'offPeak',
				type: 'boolean',
				default: false,
				description:
					'Whether to generate during off-peak hours for fewer points (done within 48 hours, refunded if not). The provider marks it temporarily unavailable, and it cannot be combined with audio.',
				routing: toBody('off_peak'),
			},
			{
				displayName: 'Payload',
				name: 'payload',
				type: 'string',
				default: '',
				description:
					'Pass-through text kept with the task, at most 1,048,576 characters. Put your own correlation ID here to find a task again.',
				routing: toBody('payload'),
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description: 'Random seed for reproducible results; 0 picks a random seed',
				routing: toBody('seed'),
			},
			{
				displayName: 'Use Recommended Prompt',
				name: 'isRec',
				type: 'boolean',
				default: false,
				description:
					'Whether the provider writes the prompt itself. Your prompt is then ignored, and each task costs extra points.',
				routing: toBody('is_rec'),
			},
		],
	},
];
