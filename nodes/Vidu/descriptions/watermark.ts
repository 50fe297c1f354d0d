import type { INodeProperties } from 'n8n-workflow';

import { WATERMARK_POSITION_DEFAULT, WATERMARK_POSITIONS } from '../constants';
import { CREATES, createSwitch, toBody } from './shared';

const whenWatermark = { show: { operation: CREATES, watermark: [true] } };

export const watermarkFields: INodeProperties[] = [
	createSwitch('Watermark', 'watermark', 'Whether to add a watermark (by default an AI-generated mark)'),
	{
		displayName: 'Watermark Position',
		name: 'wmPosition',
		type: 'options',
		default: WATERMARK_POSITION_DEFAULT,
		displayOptions: whenWatermark,
		options: WATERMARK_POSITIONS.map((name, index) => ({ name, value: index + 1 })),
		routing: toBody('wm_position'),
	},
	{
		displayName: 'Watermark Image URL',
		name: 'wmUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/logo.png',
		displayOptions: whenWatermark,
		description: 'An image URL to use as the watermark; empty uses the default AI-generated mark',
		routing: toBody('wm_url'),
	},
];
