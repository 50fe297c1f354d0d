import type { INodeProperties } from 'n8n-workflow';

import { CREATES } from './shared';

export const audioFields: INodeProperties[] = [
	{
		displayName: 'Audio',
		name: 'audio',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: CREATES } },
		description: 'Whether the video has dialogue and background sound (off: a silent video)',
		routing: { send: { type: 'body', property: 'audio' } },
	},
	{
		displayName: 'Voice ID',
		name: 'voiceId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty for an automatic voice',
		displayOptions: { show: { operation: CREATES, audio: [true] } },
		description: "The voice's timbre, from the provider's voice list; empty lets the system recommend one",
		routing: { send: { type: 'body', property: 'voice_id' } },
	},
];
