import * as fs from 'fs';

import { stopNpmStart } from './liveN8n';

export default async function globalTeardown(): Promise<void> {
	const pid = Number(process.env.VIDU_UI_NPM_START_PID || 0);
	if (pid) await stopNpmStart(pid);
	const dir = process.env.VIDU_UI_DATA_DIR;
	if (dir && !process.env.VIDU_UI_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
