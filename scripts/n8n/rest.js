'use strict';
/*
 * A few calls of a running n8n's own REST API (the one its editor uses), for npm start and the e2e
 * tests: the owner account, a login session, credentials and n8n's credential test.
 * n8n ties its auth cookie to a `browser-id` header, so every call sends the same one.
 */
const http = require('http');

const BROWSER_ID = 'n8n-nodes-vidu-tools';

/** @returns {Promise<{status:number, text:string, json:any, cookies:string[]}>} */
function request(method, url, body, { cookie, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const headers = { 'browser-id': BROWSER_ID };
		if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': data.length });
		if (cookie) headers.Cookie = cookie;
		// A fresh connection each time: Node's default agent keeps sockets alive, and one n8n closed while
		// idle fails the next request with "socket hang up".
		const req = http.request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
			let text = '';
			res.on('data', (d) => (text += d));
			res.on('end', () => {
				let json = null;
				try {
					json = JSON.parse(text);
				} catch {
					/* not JSON */
				}
				const cookies = [].concat(res.headers['set-cookie'] || []).map((c) => c.split(';')[0]);
				resolve({ status: res.statusCode, text, json, cookies });
			});
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timeout`)));
		req.on('error', reject);
		if (data) req.write(data);
		req.end();
	});
}

/**
 * Creates the owner account through n8n's first-start endpoint (POST /rest/owner/setup, open only
 * while there is no owner). Returns 'created', 'exists' or an error text.
 */
async function ensureOwner(url, owner) {
	const settings = await request('GET', `${url}/rest/settings`);
	const um = settings.json && settings.json.data && settings.json.data.userManagement;
	if (!um) return `unexpected /rest/settings answer (${settings.status})`;
	if (!um.showSetupOnFirstLoad) return 'exists';
	const res = await request('POST', `${url}/rest/owner/setup`, { firstName: 'Vidu', lastName: 'Owner', ...owner });
	if (res.status === 200) return 'created';
	return `owner setup answered ${res.status}: ${res.text.slice(0, 300)}`;
}

/** Logs in (1.x and 2.x both take `emailOrLdapLoginId`); returns the session cookie. */
async function login(url, { email, password }) {
	const res = await request('POST', `${url}/rest/login`, { emailOrLdapLoginId: email, password });
	const cookie = res.cookies.find((c) => c.startsWith('n8n-auth='));
	if (res.status !== 200 || !cookie) throw new Error(`n8n login answered ${res.status}: ${res.text.slice(0, 300)}`);
	return cookie;
}

/** Stores a credential; returns its id. */
async function createCredential(url, cookie, { name, type, data }) {
	const res = await request('POST', `${url}/rest/credentials`, { name, type, data }, { cookie });
	const id = res.json && res.json.data && res.json.data.id;
	if (res.status !== 200 || !id) throw new Error(`creating credential "${name}" answered ${res.status}: ${res.text.slice(0, 300)}`);
	return id;
}

/**
 * n8n's own credential test, as the credential dialog runs it: the stored credential (by id) with
 * the values typed in the dialog. Returns n8n's answer, e.g. { status: 'OK', message: 'Connection successful!' }.
 */
async function testCredential(url, cookie, { id, name, type, data }) {
	const res = await request('POST', `${url}/rest/credentials/test`, { credentials: { id, name, type, data } }, { cookie });
	if (res.status !== 200 || !res.json || !res.json.data) {
		throw new Error(`credential test answered ${res.status}: ${res.text.slice(0, 300)}`);
	}
	return res.json.data;
}

/**
 * n8n's REST API with a logged-in session, as `(method, route, body) => data`: the JSON `data` of a 200
 * answer (the whole JSON where there is none), an error naming the call for anything else.
 */
function sessionApi(url, cookie) {
	return async (method, route, body) => {
		const res = await request(method, `${url}/rest${route}`, body, { cookie, timeoutMs: 60000 });
		if (res.status !== 200) throw new Error(`${method} /rest${route} answered ${res.status}: ${res.text.slice(0, 500)}`);
		return res.json && res.json.data !== undefined ? res.json.data : res.json;
	};
}

/** The JSON `data` of an answer, or an error naming the call. */
function dataOf(what, res) {
	if (res.status !== 200 || !res.json || res.json.data === undefined) {
		throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
	}
	return res.json.data;
}

/** A stored workflow (nodes, connections, versionId, active, ...). */
async function getWorkflow(url, cookie, id) {
	return dataOf(`GET workflow ${id}`, await request('GET', `${url}/rest/workflows/${id}`, undefined, { cookie }));
}

/**
 * Activates (2.x: publishes) a workflow as the editor's toggle / Publish button does:
 * POST /rest/workflows/:id/activate with the version to activate (1.123 and 2.41 alike). On 2.x its
 * webhooks are registered a moment after this returns (a publication queue).
 */
async function activateWorkflow(url, cookie, id) {
	const { versionId } = await getWorkflow(url, cookie, id);
	return dataOf(`activating workflow ${id}`, await request('POST', `${url}/rest/workflows/${id}/activate`, { versionId }, { cookie }));
}

/**
 * Runs a workflow from its trigger as *Execute workflow* in the editor does; returns the execution id.
 * POST /rest/workflows/:id/run: 2.x takes the trigger by name, 1.x wants the workflow in the body.
 */
async function runWorkflow(url, cookie, id, triggerName) {
	const workflowData = await getWorkflow(url, cookie, id);
	const body = { triggerToStartFrom: { name: triggerName }, workflowData };
	const data = dataOf(`running workflow ${id}`, await request('POST', `${url}/rest/workflows/${id}/run`, body, { cookie }));
	if (!data.executionId) throw new Error(`running workflow ${id} started no execution: ${JSON.stringify(data).slice(0, 300)}`);
	return String(data.executionId);
}

/** The executions of a workflow, newest first: [{ id, status, mode, finished, startedAt, stoppedAt, ... }]. */
async function listExecutions(url, cookie, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const data = dataOf('listing executions', await request('GET', `${url}/rest/executions?filter=${filter}&limit=100`, undefined, { cookie }));
	return data.results;
}

/**
 * One stored execution with its run data. n8n stores `data` in the `flatted` format; `parseFlatted` is that
 * package's `parse` (take it from the n8n install: the package has no dependencies of its own).
 */
async function getExecution(url, cookie, id, parseFlatted) {
	const execution = dataOf(`GET execution ${id}`, await request('GET', `${url}/rest/executions/${id}`, undefined, { cookie }));
	return { ...execution, data: typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data };
}

/** Whether an execution read back has ended with its data stored: n8n 1.x can mark it ended before the data is there. */
function hasEnded(execution) {
	return (execution.finished || ['success', 'error', 'crashed'].includes(execution.status)) && Boolean(execution.data?.resultData);
}

module.exports = {
	request,
	hasEnded,
	sessionApi,
	ensureOwner,
	login,
	createCredential,
	testCredential,
	getWorkflow,
	activateWorkflow,
	runWorkflow,
	listExecutions,
	getExecution,
};
