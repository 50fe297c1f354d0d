import type { INodeProperties } from 'n8n-workflow';

import { CREATES, createSwitch, toBody } from './shared';

export const audioFields: INodeProperties[] = [
	createSwitch('Audio', 'audio', 'Whether the video has dialogue and background sound (off: a silent video)'),
	{
		displayName: 'Voice ID',
		name: 'voiceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. a voice ID from the provider (empty: automatic)',
		displayOptions: { show: { operation: CREATES, audio: [true] } },
		description: "The voice's timbre, from the provider's voice list; empty lets the system recommend one",
		routing: toBody('voice_id'),
	},
];
