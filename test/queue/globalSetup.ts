/*
 * Once per `npm run test:queue`: build and pack the package, make sure n8n 2.x (scripts/n8n/install.js),
 * Redis and PostgreSQL (scripts/queue/install.js) are installed. The tarball path goes to the test
 * file through VIDU_QUEUE_TGZ. VIDU_QUEUE_SKIP_BUILD=1 packs the dist/ that is already there.
 */
import { execSync } from 'child_process';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureN8n } = require('../../scripts/n8n/install');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureQueueDeps } = require('../../scripts/queue/install');

const REPO_DIR = path.resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	const log = (msg: string) => process.stderr.write(`[queue setup] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	process.stderr.write('\n');
	if (!process.env.VIDU_QUEUE_SKIP_BUILD) {
		execSync('npm run build', { cwd: REPO_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
		log('built dist/');
	}
	const deps = ensureQueueDeps();
	log(`redis ${deps.redisServer}, postgres ${deps.pgBin}`);
	const n8n = ensureN8n('v2');
	log(`n8n v2 = ${n8n.version}`);
	const tgz: string = await runner.packPackage(REPO_DIR);
	process.env.VIDU_QUEUE_TGZ = tgz;
	log(`packed ${path.basename(tgz)}`);
}
