#!/usr/bin/env node
'use strict';
/**
 * Runs the Vtrix API simulator until SIGINT/SIGTERM.
 * Env: VTRIX_SIM_PORT (4010), VTRIX_SIM_HOST (127.0.0.1), VTRIX_SIM_API_KEY (sim-key), VTRIX_SIM_TASK_SECONDS (3),
 *      VTRIX_SIM_QUIET (1 = no per-request lines), VTRIX_SIM_PUBLIC_URL (base of the result video URLs).
 */
const { startSimulator } = require('./index');

async function main() {
	const env = process.env;
	const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
	const sim = await startSimulator({
		port: num(env.VTRIX_SIM_PORT, 4010),
		host: env.VTRIX_SIM_HOST || '127.0.0.1',
		apiKey: env.VTRIX_SIM_API_KEY || 'sim-key',
		taskSeconds: num(env.VTRIX_SIM_TASK_SECONDS, 3),
		quiet: env.VTRIX_SIM_QUIET === '1' || env.VTRIX_SIM_QUIET === 'true',
		publicUrl: env.VTRIX_SIM_PUBLIC_URL || undefined,
	});
	// The one line other processes wait for. The API key is never printed.
	console.log(`Vtrix simulator listening on ${sim.url}`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(`Vtrix simulator could not start: ${err.message}`);
	process.exit(1);
});
