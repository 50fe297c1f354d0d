import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { audioFields } from './descriptions/audio';
import { generationFields } from './descriptions/generation';
import { imageFields } from './descriptions/image';
import { operationFields } from './descriptions/operation';
import { waitFields } from './descriptions/wait';
import { watermarkFields } from './descriptions/watermark';

export class Vidu implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vidu',
		name: 'vidu',
		icon: { light: 'file:vidu.svg', dark: 'file:vidu.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Turn a still image into a video with Vidu Q2 Turbo (Vtrix API)',
		defaults: { name: 'Vidu' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtrixApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			...operationFields,
			...imageFields,
			...generationFields,
			...audioFields,
			...watermarkFields,
			...waitFields,
		],
	};
}
