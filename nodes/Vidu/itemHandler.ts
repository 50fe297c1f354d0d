import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { asThrownError, taskIdOf } from './errors';
import { getStatus, submitTask } from './operations';

/**
 * Runs one item from the request n8n's routing built for it. n8n calls it with `this` and the request
 * once per item; every failure of the item, validation included, passes through here, so with Continue
 * On Fail each failed item has the same fields.
 */
async function handleItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const routed = requestData.options;
	try {
		const operation = this.getNodeParameter('operation') as string;
		if (operation === 'getStatus') return [await getStatus.call(this, routed)];
		return [await submitTask.call(this, routed, operation === 'createAndWait')];
	} catch (error) {
		if (!this.continueOnFail()) throw asThrownError(this.getNode(), error, itemIndex);
		const failure = error as { message?: string; description?: string | null };
		return [
			{
				json: { error: failure.message ?? String(error), description: failure.description ?? null, taskId: taskIdOf(error) ?? null },
				pairedItem: { item: itemIndex },
			},
		];
	}
}

/**
 * Where this declarative node leaves plain routing. Routing sends one request per item and maps the
 * answer; an item here is more: a create that is never sent twice, a slot in the node run's
 * tasks-in-flight gate held until the task ends, status reads until it does, the video download, and
 * one error shape. n8n hands the request it built (requestDefaults, the operation's `request`, the
 * parameters' `send`, the Request Options) to `operations.pagination` when `send.paginate` is on
 * (RoutingNode.makeRequest): the node uses that hook to run the whole item. It pages nothing.
 */
export const runEachItem: INodePropertyRouting = {
	send: { paginate: true },
	operations: { pagination: handleItem },
};
