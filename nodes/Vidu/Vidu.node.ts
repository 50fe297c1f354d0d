import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import { familyGenerationFields } from './descriptions/familyFields';
import { familyInputFields } from './descriptions/familyInputs';
import { familyModelFields } from './descriptions/familyModel';
import { operationFields, operations } from './descriptions/operation';
import { additionalOptions, familyAdditionalOptions, waitOptions } from './descriptions/options';
import { resultFields } from './descriptions/result';
import { version1CreateFields } from './descriptions/version1';

const operationNames = Object.fromEntries(operations.map((option) => [option.value, option.name]));

export class Vidu implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vidu',
		name: 'vidu',
		usableAsTool: true,
		icon: { light: 'file:vidu.svg', dark: 'file:vidu.dark.svg' },
		group: ['transform'],
		// Version 2 adds the family (mode and model); version 1 keeps saved workflows' form and bodies.
		version: [1, 2],
		defaultVersion: 2,
		description: 'Make videos with Vidu (Vtrix API): from an image, first and last frames, text or references, or extend one',
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
			...version1CreateFields,
			...familyModelFields,
			...familyInputFields,
			...familyGenerationFields,
			...resultFields,
			additionalOptions,
			familyAdditionalOptions,
			waitOptions,
		],
	};
}
