'use strict';
/*
 * The task ledger of the batch-by-callback recipe: an n8n Data Table `vidu_tasks` (string columns
 * `taskId` and `claimedBy`) that the recipe's workflows write and claim rows in. A workflow imported
 * from a file names no table of this n8n, so after import its Data Table nodes are pointed at the
 * table here — what a user does by picking the table in each node. Through n8n's REST API (the
 * editor's), on 1.123 and 2.41 alike.
 */
const rest = require('./rest');

const LEDGER = Object.freeze({
	name: 'vidu_tasks',
	columns: [
		{ name: 'taskId', type: 'string' },
		{ name: 'claimedBy', type: 'string' },
	],
});
const DATA_TABLE_TYPE = 'n8n-nodes-base.dataTable';

function dataOf(what, res) {
	if (res.status !== 200 || !res.json || res.json.data === undefined) {
		throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
	}
	return res.json.data;
}

async function personalProjectId(url, cookie) {
	return dataOf('GET personal project', await rest.request('GET', `${url}/rest/projects/personal`, undefined, { cookie })).id;
}

/** The ledger table's id: the one named `vidu_tasks` in the owner's project, created if missing. */
async function ensureLedger(url, cookie) {
	const projectId = await personalProjectId(url, cookie);
	const base = `${url}/rest/projects/${projectId}/data-tables`;
	const listed = dataOf('listing data tables', await rest.request('GET', base, undefined, { cookie }));
	const found = (listed.data || listed).find((table) => table.name === LEDGER.name);
	if (found) return { projectId, tableId: found.id };
	const created = dataOf(`creating data table ${LEDGER.name}`, await rest.request('POST', base, { name: LEDGER.name, columns: LEDGER.columns }, { cookie }));
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
async function pointAtLedger(url, cookie, workflowId, tableId) {
	const stored = await rest.getWorkflow(url, cookie, workflowId);
	const { nodes } = withLedger(stored, tableId);
	dataOf(`saving workflow ${workflowId}`, await rest.request('PATCH', `${url}/rest/workflows/${workflowId}`, { nodes, versionId: stored.versionId }, { cookie }));
}

/** The ledger's rows (all of them): [{ id, taskId, claimedBy, createdAt, updatedAt }]. */
async function ledgerRows(url, cookie, { projectId, tableId }) {
	const rows = [];
	for (let skip = 0; ; skip += 500) {
		const page = dataOf('reading the ledger', await rest.request('GET', `${url}/rest/projects/${projectId}/data-tables/${tableId}/rows?skip=${skip}&take=500`, undefined, { cookie }));
		rows.push(...page.data);
		if (page.data.length < 500) return rows;
	}
}

/** Adds rows to the ledger, as the create workflow's Record the Task node does. */
async function recordTasks(url, cookie, { projectId, tableId }, taskIds) {
	const data = taskIds.map((taskId) => ({ taskId }));
	dataOf('recording tasks', await rest.request('POST', `${url}/rest/projects/${projectId}/data-tables/${tableId}/insert`, { data, returnType: 'count' }, { cookie }));
}

module.exports = { LEDGER, ensureLedger, withLedger, pointAtLedger, ledgerRows, recordTasks };
