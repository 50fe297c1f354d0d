import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import { audioFields } from './descriptions/audio';
import { generationFields } from './descriptions/generation';
import { imageFields } from './descriptions/image';
import { operationFields, operations } from './descriptions/operation';
import { additionalOptions, waitOptions } from './descriptions/options';
import { resultFields } from './descriptions/result';
import { watermarkFields } from './descriptions/watermark';

const operationNames = Object.fromEntries(operations.map((option) => [option.value, option.name]));

export class Vidu implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vidu',
		name: 'vidu',
		usableAsTool: true,
		icon: { light: 'file:vidu.svg', dark: 'file:vidu.dark.svg' },
		group: ['transform'],
		version: 1,
		description: 'Turn a still image into a video with Vidu Q2 Turbo (Vtrix API)',
		defaults: { name: 'Vidu' },
		subtitle: `={{ ${JSON.stringify(operationNames)}[$parameter["operation"]] }}`,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		// Every request starts from these and the user's Request Options (see itemHandler.ts).
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			...operationFields,
			...imageFields,
			...generationFields,
			...audioFields,
			...watermarkFields,
			...resultFields,
			additionalOptions,
			waitOptions,
		],
	};
}
