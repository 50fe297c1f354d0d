#!/usr/bin/env node
'use strict';
/*
 * npm start: a local n8n with this package installed like a community package, the `Vtrix API`
 * credential and the example workflows, ready in the browser. Ctrl-C stops everything.
 *
 * Steps: npm run build -> pack -> start the simulator on 127.0.0.1:$VTRIX_SIM_PORT (4010) ->
 * install n8n (cached) -> user folder .n8n-runs/start/<line>/ (kept between runs) -> install the
 * package -> import the credential and (first time, or when they changed) the examples ->
 * n8n start on $N8N_PORT (5678) -> create the owner account if there is none -> print the URL.
 *
 * Env:
 *   N8N_LINE=v2|v1          n8n 2.x (default; runs on the Node 24 the installer fetches) or 1.x
 *   N8N_PORT=5678           the editor's port
 *   VTRIX_API_KEY + VTRIX_BASE_URL   use the real API (e.g. https://cloud.vtrix.ai) in the credential;
 *                           the simulator then only serves the sample images the examples download
 *   VTRIX_SIM_PORT=4010     the simulator's port (the examples point at 4010; others are rewritten)
 *   VTRIX_SIM_TASK_SECONDS=3
 *   VIDU_START_DIR          n8n's data folder (default .n8n-runs/start/<line>; the browser test uses a new one)
 *   N8N_OWNER_EMAIL, N8N_OWNER_PASSWORD   the owner created on first start
 *                           (default owner@example.com / ViduDemo1234; n8n listens on 127.0.0.1 only)
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');

const runner = require('./n8n/runner');
const rest = require('./n8n/rest');
const taskLedger = require('./n8n/taskLedger');
const demo = require('./demo');
const { startSimulator } = require('../simulator');

const { REPO_DIR, CREDENTIAL, SIM_KEY, EXAMPLES, EXAMPLE_SIM_URL, say } = demo;
const OWNER = {
	email: process.env.N8N_OWNER_EMAIL || 'owner@example.com',
	password: process.env.N8N_OWNER_PASSWORD || 'ViduDemo1234',
	firstName: 'Vidu',
	lastName: 'Demo',
};

/** An error shown without its stack. */
function plain(message) {
	return Object.assign(new Error(message), { plain: true });
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/**
 * The callback recipe's workflows use the Data Table `vidu_tasks` (created here if missing, as a user
 * creates it once), and its receiving workflow is active, so its Vidu Trigger answers the simulator's
 * callbacks and its sweep runs.
 */
async function activateExamples(n8nUrl) {
	const names = [];
	try {
		const cookie = await rest.login(n8nUrl, OWNER);
		const api = rest.sessionApi(n8nUrl, cookie);
		const { tableId } = await taskLedger.ensureLedger(api);
		for (const ex of EXAMPLES.filter((e) => e.ledger)) await taskLedger.pointAtLedger(api, ex.id, tableId);
		for (const ex of EXAMPLES.filter((e) => e.activate)) {
			await rest.activateWorkflow(n8nUrl, cookie, ex.id);
			names.push(ex.file);
		}
		return `Active: ${names.join(', ')} (its Vidu Trigger receives the callbacks of batch-by-callback-create.json)`;
	} catch (err) {
		return `Could not activate ${EXAMPLES.filter((e) => e.activate).map((e) => e.file).join(', ')} (${err.message.split('\n')[0]}): activate it in the editor to try the callback recipe.`;
	}
}

async function main() {
	const env = process.env;
	const realApi = Boolean(env.VTRIX_API_KEY && env.VTRIX_BASE_URL);
	const n8nPort = Number(env.N8N_PORT || 5678);
	const simPort = Number(env.VTRIX_SIM_PORT || 4010);

	if (!(await portFree(n8nPort))) throw plain(`port ${n8nPort} is in use: stop what uses it or set N8N_PORT`);
	if (!(await portFree(simPort))) throw plain(`port ${simPort} is in use (another simulator?): stop it or set VTRIX_SIM_PORT`);

	say('Building the package...');
	demo.build();
	const n8n = demo.chooseLine();
	const line = n8n.line;

	const sim = await startSimulator({
		port: simPort,
		apiKey: SIM_KEY,
		taskSeconds: Number(env.VTRIX_SIM_TASK_SECONDS || 3),
		quiet: realApi,
	});
	let server = null;
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator...');
		if (server) await server.stop();
		await sim.close();
		process.exit(code);
	};
	process.on('SIGINT', () => (stopping ? process.exit(130) : stop(0)));
	process.on('SIGTERM', () => stop(0));

	const dir = env.VIDU_START_DIR ? path.resolve(env.VIDU_START_DIR) : path.join(REPO_DIR, '.n8n-runs', 'start', line);
	const shownDir = dir.startsWith(REPO_DIR) ? path.relative(REPO_DIR, dir) : dir;
	const tgz = await runner.packPackage(REPO_DIR);
	const ctx = await runner.createUserFolder({ line, userFolder: dir, tgz });
	fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	say(`Installed ${ctx.package.name}@${ctx.package.version} into ${shownDir}/.n8n/nodes`);

	const baseUrl = realApi ? env.VTRIX_BASE_URL : sim.url;
	await runner.importCredential(ctx, { ...CREDENTIAL, data: { apiKey: realApi ? env.VTRIX_API_KEY : SIM_KEY, baseUrl } });
	say(`Credential "${CREDENTIAL.name}" -> ${realApi ? `the real API at ${baseUrl}` : `the simulator at ${baseUrl} (key ${SIM_KEY})`}`);

	// Examples: imported the first time, and again only when the files changed (that replaces
	// edits made to them in n8n; copies saved under another name are kept).
	const url = `http://localhost:${n8nPort}`;
	const workflows = EXAMPLES.map((ex) => demo.loadExample(ex, sim.url, url));
	const marker = path.join(dir, 'examples.sha256');
	const hash = crypto.createHash('sha256').update(JSON.stringify(workflows)).digest('hex');
	if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== hash) {
		for (const wf of workflows) await runner.importWorkflow(ctx, wf);
		fs.writeFileSync(marker, hash);
		say(`Imported the example workflows: ${workflows.map((wf) => `"${wf.name}"`).join(', ')}`);
	}

	say(`Starting n8n ${n8n.version} (${line}) on port ${n8nPort}...`);
	server = await runner.startN8n(ctx, { port: n8nPort, stdio: 'inherit', env: runner.RECIPE_ENV[line] });
	server.process.on('exit', (code) => {
		if (!stopping) {
			say(`n8n exited (${code}).`);
			stop(1);
		}
	});
	const owner = await rest.ensureOwner(server.url, OWNER);
	const active = await activateExamples(server.url);

	say('');
	say('='.repeat(72));
	say(`n8n ${n8n.version} with n8n-nodes-vidu is running: ${url}`);
	if (owner === 'created') say(`  Log in as ${OWNER.email} / ${OWNER.password} (owner account just created)`);
	else if (owner === 'exists') say(`  Log in with the owner account of this folder (created as ${OWNER.email} / ${OWNER.password} unless you changed it)`);
	else say(`  Could not create the owner account (${owner}): n8n asks you to create one on first open.`);
	say(`  Workflows: ${workflows.map((wf) => `"${wf.name}"`).join(', ')} -> open one, click "Execute workflow"`);
	say(`  ${active}`);
	if (realApi) {
		say(`  Vidu calls go to the REAL API (${baseUrl}): each run is a paid task.`);
		say(`  The examples download the sample image from ${sim.url}/images/sample.png (simulator, images only)`);
	} else {
		say(`  Vidu calls go to the simulator at ${sim.url} (prompt markers such as [sim:fail] work)`);
	}
	if (sim.url !== EXAMPLE_SIM_URL) say(`  (the examples' ${EXAMPLE_SIM_URL} was rewritten to ${sim.url})`);
	say(`  Data: ${shownDir}/ (delete it to start over)`);
	say('Press Ctrl-C to stop.');
	say('='.repeat(72));
}

main().catch((err) => {
	process.stderr.write(`npm start failed: ${err.plain ? err.message : err.stack || err.message}\n`);
	process.exit(1);
});
