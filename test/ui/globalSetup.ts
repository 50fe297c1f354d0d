/*
 * Once per `npm run test:ui`: the n8n under test is the one `npm start` brings up (or N8N_UI_URL).
 * Its URL reaches the tests through N8N_UI_URL; globalTeardown stops what was started here.
 */
import * as fs from 'fs';

import { startWithNpm } from './liveN8n';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	const log = (msg: string) => process.stderr.write(`[ui setup] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	process.stderr.write('\n');
	if (!fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) {
		throw new Error('Chromium is missing: install Debian\'s package (apt-get install chromium) or set CHROMIUM_PATH');
	}
	if (process.env.N8N_UI_URL) {
		log(`using the n8n at ${process.env.N8N_UI_URL}`);
		return;
	}
	const live = await startWithNpm(log);
	process.env.N8N_UI_URL = live.url;
	process.env.VIDU_UI_SIM_URL = live.simUrl;
	process.env.VIDU_UI_NPM_START_PID = String(live.process.pid);
	process.env.VIDU_UI_DATA_DIR = live.dataDir;
	log(`n8n is up at ${live.url}`);
}
