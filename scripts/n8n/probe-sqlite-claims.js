#!/usr/bin/env node
'use strict';
/**
 * Why the recipe asks n8n 1.x for DB_SQLITE_POOL_SIZE: on 1.x's default SQLite (no pool), Data Table updates
 * that run at once, as the recipe's claims do when callbacks come together, fail and then leave every Data
 * Table call failing until n8n restarts. Starts n8n 1.x with this package (npm pack first), makes the recipe's
 * table, and sends rounds of 12 claims at once through n8n's REST API.
 *
 *   node scripts/n8n/probe-sqlite-claims.js <package.tgz> [poolSize]
 *
 * Prints per round what failed (insert, claims, the read after them); exits 1 when any call failed.
 */
const rest = require('./rest');
const runner = require('./runner');
const taskLedger = require('./taskLedger');

const ROUNDS = 15;
const TASKS = 6;
const OWNER = { email: 'owner@example.com', password: 'Probe12345' };

async function main(tgz, poolSize) {
	const ctx = await runner.createUserFolder({ line: 'v1', tgz });
	const port = await runner.getFreePort();
	const url = `http://127.0.0.1:${port}`;
	const server = await runner.startN8n(ctx, { port, env: poolSize ? { DB_SQLITE_POOL_SIZE: poolSize } : {} });
	let failed = 0;
	try {
		await rest.ensureOwner(url, OWNER);
		const api = rest.sessionApi(url, await rest.login(url, OWNER));
		const { projectId, tableId } = await taskLedger.ensureLedger(api);
		const table = `/projects/${projectId}/data-tables/${tableId}`;
		const outcome = (promise) => promise.then(() => null, (error) => String(error.message).slice(0, 200));
		for (let round = 0; round < ROUNDS; round++) {
			const ids = Array.from({ length: TASKS }, (_, i) => `task_${round}_${i}`);
			const insert = await outcome(api('POST', `${table}/insert`, { data: ids.map((taskId) => ({ taskId })), returnType: 'id' }));
			const claim = (taskId, by) =>
				api('PATCH', `${table}/rows`, {
					filter: { type: 'and', filters: [{ columnName: 'taskId', condition: 'eq', value: taskId }, { columnName: 'claimedBy', condition: 'eq', value: null }] },
					data: { claimedBy: by },
					returnData: true,
				});
			const claims = await Promise.all(ids.flatMap((taskId) => ['run-a', 'run-b'].map((by) => outcome(claim(taskId, by)))));
			const read = await outcome(api('GET', `${table}/rows?skip=0&take=500`));
			const errors = [insert, ...claims, read].filter(Boolean);
			failed += errors.length;
			console.log(`round ${round + 1}: insert ${insert ? 'failed' : 'ok'}, ${claims.filter(Boolean).length} of ${claims.length} claims failed, read ${read ? 'failed' : 'ok'}${errors[0] ? ` (${errors[0]})` : ''}`);
		}
	} finally {
		await server.stop();
		runner.removeUserFolder(ctx);
	}
	console.log(`n8n 1.x, DB_SQLITE_POOL_SIZE=${poolSize || '(unset: 0)'}: ${failed} failed calls`);
	return failed ? 1 : 0;
}

if (require.main === module) {
	const [tgz, poolSize] = process.argv.slice(2);
	if (!tgz) {
		console.error('usage: node scripts/n8n/probe-sqlite-claims.js <package.tgz> [poolSize]');
		process.exit(2);
	}
	main(tgz, poolSize).then((code) => process.exit(code), (error) => {
		console.error(error);
		process.exit(2);
	});
}
