import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { Vidu } from '../../nodes/Vidu/Vidu.node';
import { makePng } from '../../simulator/png';
import { binaryItem, runNode, type RunNodeResult } from '../helpers/n8nHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../simulator');

export const API_KEY = `sk-test-SECRET-${Math.random().toString(36).slice(2)}`;

export interface Simulator {
	url: string;
	requests: Array<{ method: string; path: string; status: number | null; body: IDataObject | null; authorization: string | null; taskId?: string; imageBytes?: number; imageMime?: string }>;
	tasks: Map<string, unknown>;
	inject(fault: IDataObject | IDataObject[]): void;
	reset(): void;
	close(): Promise<void>;
}

export async function simulator(taskSeconds = 0.3): Promise<Simulator> {
	return (await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds })) as Simulator;
}

export const pngItem = async (width = 64, height = 48) =>
	await binaryItem(makePng(width, height), 'image/png', 'frame.png');

export async function runVidu(
	sim: Simulator,
	parameters: INodeParameters,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; apiKey?: string; baseUrl?: string } = {},
): Promise<RunNodeResult> {
	return await runNode({
		nodeType: new Vidu(),
		credentialTypes: [new VtrixApi()],
		credentials: { type: 'vtrixApi', data: { apiKey: options.apiKey ?? API_KEY, baseUrl: options.baseUrl ?? sim.url } },
		parameters,
		inputItems: options.items ?? [await pngItem()],
		continueOnFail: options.continueOnFail,
	});
}

export const creates = (sim: Simulator) => sim.requests.filter((r) => r.method === 'POST' && r.path === '/model/v1/generation');
