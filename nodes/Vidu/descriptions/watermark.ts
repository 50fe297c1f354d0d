import type { INodeProperties } from 'n8n-workflow';

import { WATERMARK_POSITION_DEFAULT, WATERMARK_POSITIONS } from '../constants';
import { CREATES } from './shared';

const whenWatermark = { show: { operation: CREATES, watermark: [true] } };

export const watermarkFields: INodeProperties[] = [
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: CREATES } },
		description: 'Whether to add a watermark (by default an AI-generated mark)',
		routing: { send: { type: 'body', property: 'watermark' } },
	},
	{
		displayName: 'Watermark Position',
		name: 'wmPosition',
		type: 'options',
		default: WATERMARK_POSITION_DEFAULT,
		displayOptions: whenWatermark,
		options: WATERMARK_POSITIONS.map((name, index) => ({ name, value: index + 1 })),
		routing: { send: { type: 'body', property: 'wm_position' } },
	},
	{
		displayName: 'Watermark Image URL',
		name: 'wmUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/logo.png',
		displayOptions: whenWatermark,
		description: 'An image URL to use as the watermark; empty uses the default AI-generated mark',
		routing: { send: { type: 'body', property: 'wm_url' } },
	},
];
