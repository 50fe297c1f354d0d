import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, operationError } from '../Vidu/errors';
import { downloadVideo } from '../Vidu/readTask';
import { parseTask } from '../Vidu/task';

/**
 * The trigger's part of the execution: n8n runs a trigger's execute() on the items its webhook returned,
 * in the execution (on a worker in queue mode), after the provider has had its answer. With Download
 * Video on, a completed task's video goes into the item's binary data, as Get Status puts it.
 */
export async function attachVideos(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (!(this.getNodeParameter('downloadVideo', 0, false) as boolean)) return items;
	const field = String(this.getNodeParameter('binaryPropertyOutput', 0, 'data')).trim() || 'data';
	const output: INodeExecutionData[] = [];
	for (const [index, item] of items.entries()) {
		const task = parseTask(item.json);
		if (task?.state !== 'completed') {
			output.push(item);
			continue;
		}
		const taskId = task.id ?? String(item.json.taskId);
		try {
			if (!task.videoUrl) {
				throw operationError(this.getNode(), 'The task completed but the API returned no video URL', { taskId, itemIndex: index });
			}
			const video = await downloadVideo.call(this, task.videoUrl, taskId);
			output.push({ json: item.json, binary: { ...item.binary, [field]: video }, pairedItem: { item: index } });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, index);
			// The paid task stays in the item with its video URL (Get Status can download it again).
			output.push({ json: { ...item.json, error: (error as Error).message }, pairedItem: { item: index } });
		}
	}
	return output;
}
