import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export const forOperations = (...operation: string[]): IDisplayOptions => ({ show: { operation } });

export const CREATES = ['create', 'createAndWait'];

/** A create parameter the routing puts into the body under its API name. */
export const toBody = (property: string) => ({ send: { type: 'body' as const, property } });

/** A switch of the creates, sent as a boolean API field (off by default). */
export const createSwitch = (displayName: string, property: string, description: string): INodeProperties => ({
	displayName,
	name: property,
	type: 'boolean',
	default: false,
	displayOptions: forOperations(...CREATES),
	description,
	routing: toBody(property),
});
