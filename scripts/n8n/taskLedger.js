'use strict';
/*
 * The task ledger of the batch-by-callback recipe: an n8n Data Table `vidu_tasks` (string columns
 * `taskId` and `claimedBy`) that the recipe's workflows write and claim rows in. A workflow imported
 * from a file names no table of this n8n, so after import its Data Table nodes are pointed at the
 * table here — what a user does by picking the table in each node. Through n8n's REST API (the
 * editor's), on 1.123 and 2.41 alike: each function takes `api`, rest.sessionApi(url, cookie) or the
 * queue cluster's `cluster.api`.
 */
const LEDGER = Object.freeze({
	name: 'vidu_tasks',
	columns: [
		{ name: 'taskId', type: 'string' },
		{ name: 'claimedBy', type: 'string' },
	],
});
const DATA_TABLE_TYPE = 'n8n-nodes-base.dataTable';

/** The ledger table of the owner's project, created if missing: { projectId, tableId }. */
async function ensureLedger(api) {
	const { id: projectId } = await api('GET', '/projects/personal');
	const base = `/projects/${projectId}/data-tables`;
	const listed = await api('GET', base);
	const found = (listed.data || listed).find((table) => table.name === LEDGER.name);
	if (found) return { projectId, tableId: found.id };
	const created = await api('POST', base, { name: LEDGER.name, columns: LEDGER.columns });
	return { projectId, tableId: created.id };
}

/** `workflow` with each Data Table node pointed at the table `tableId` (a copy). */
function withLedger(workflow, tableId) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.type !== DATA_TABLE_TYPE) continue;
		node.parameters.dataTableId = { __rl: true, mode: 'id', value: tableId, cachedResultName: LEDGER.name };
	}
	return copy;
}

/** Points the Data Table nodes of a stored workflow at the ledger (a workflow save, as the editor does). */
async function pointAtLedger(api, workflowId, tableId) {
	const stored = await api('GET', `/workflows/${workflowId}`);
	const { nodes } = withLedger(stored, tableId);
	await api('PATCH', `/workflows/${workflowId}`, { nodes, versionId: stored.versionId });
}

/** The ledger's rows (all of them): [{ id, taskId, claimedBy, createdAt, updatedAt }]. */
async function ledgerRows(api, { projectId, tableId }) {
	const rows = [];
	for (let skip = 0; ; skip += 500) {
		const page = await api('GET', `/projects/${projectId}/data-tables/${tableId}/rows?skip=${skip}&take=500`);
		rows.push(...page.data);
		if (page.data.length < 500) return rows;
	}
}

/** Adds rows to the ledger, as the create workflow's Record the Task node does. */
async function recordTasks(api, { projectId, tableId }, taskIds) {
	await api('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, { data: taskIds.map((taskId) => ({ taskId })), returnType: 'count' });
}

/** What the receive recipe ships: a sweep every 5 minutes of tasks older than 5 minutes. */
const SHIPPED_AGE = '={{ $now.minus({ minutes: 5 }).toISO() }}';

/**
 * The receive recipe with its sweep made fast for a test or a bench: every `everySeconds` seconds, for
 * tasks older than `graceSeconds`. `webhookId` gives its Vidu Trigger a URL of its own (a copy).
 */
function withFastSweep(workflow, everySeconds, graceSeconds, webhookId) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.scheduleTrigger') node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: everySeconds }] };
		if (node.name === 'Unfinished Tasks') {
			const age = node.parameters.filters.conditions.find((c) => c.keyName === 'createdAt');
			if (!age || age.keyValue !== SHIPPED_AGE) throw new Error(`the sweep's age condition is not the shipped one: ${JSON.stringify(age)}`);
			age.keyValue = `={{ $now.minus({ seconds: ${graceSeconds} }).toISO() }}`;
		}
		if (webhookId && node.webhookId) node.webhookId = webhookId;
	}
	return copy;
}

module.exports = { LEDGER, ensureLedger, withLedger, pointAtLedger, ledgerRows, recordTasks, withFastSweep };
