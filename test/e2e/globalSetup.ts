/*
 * Once per `npm run test:e2e`: build the package, pack it, and make sure both n8n lines are
 * installed (cached under ~/.cache/n8n-nodes-vidu; a cold install takes minutes, see e2e/README.md).
 * The tarball path goes to the test files through VIDU_E2E_TGZ.
 * VIDU_E2E_SKIP_BUILD=1 packs the dist/ that is already there (e.g. right after `npm run build` in CI).
 */
import { execSync } from 'child_process';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureN8n } = require('../../scripts/n8n/install');

import { LINES, REPO_DIR } from './helpers';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	const log = (msg: string) => process.stderr.write(`[e2e setup] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	process.stderr.write('\n');
	if (!process.env.VIDU_E2E_SKIP_BUILD) {
		execSync('npm run build', { cwd: REPO_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
		log('built dist/');
	}
	const tgz: string = await runner.packPackage(REPO_DIR);
	process.env.VIDU_E2E_TGZ = tgz;
	log(`packed ${path.basename(tgz)}`);
	for (const line of LINES) {
		const n8n = ensureN8n(line);
		log(`n8n ${line} = ${n8n.version}`);
	}
}
