/*
 * `npm start`, as a user types it, in a new data folder and on free ports; resolves once it prints
 * the ready banner. On a machine with no n8n cache this includes the first install (minutes).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { childEnv } = require('../../scripts/n8n/childEnv');

export const REPO_DIR = path.resolve(__dirname, '..', '..');
const READY = /n8n [\d.]+ with n8n-nodes-vidu is running: (http:\/\/\S+)/;
const START_TIMEOUT_MS = 25 * 60 * 1000;

export interface LiveN8n {
	url: string;
	simUrl: string;
	process: ChildProcess;
	dataDir: string;
	logFile: string;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

export async function startWithNpm(log: (msg: string) => void): Promise<LiveN8n> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-ui-'));
	const logFile = path.join(dataDir, 'npm-start.log');
	const out = fs.openSync(logFile, 'a');
	// As the user's shell would have it: not the npm settings of the `npm run test:ui` around us.
	const env: NodeJS.ProcessEnv = childEnv({ VIDU_START_DIR: path.join(dataDir, 'n8n') });
	env.N8N_PORT = String(await freePort());
	env.VTRIX_SIM_PORT = String(await freePort());
	const child = spawn('npm', ['start'], { cwd: REPO_DIR, env, stdio: ['ignore', out, out], detached: true });
	log(`npm start (log: ${logFile})`);
	const url = await new Promise<string>((resolve, reject) => {
		const t0 = Date.now();
		const timer = setInterval(() => {
			const text = fs.readFileSync(logFile, 'utf8');
			const match = READY.exec(text);
			if (match) {
				clearInterval(timer);
				resolve(match[1]);
			} else if (child.exitCode !== null || Date.now() - t0 > START_TIMEOUT_MS) {
				clearInterval(timer);
				try {
					process.kill(-(child.pid as number), 'SIGKILL');
				} catch {
					/* already gone */
				}
				reject(new Error(`npm start ${child.exitCode !== null ? `exited (${child.exitCode})` : 'did not get ready'}:\n${text.split('\n').slice(-40).join('\n')}`));
			}
		}, 1000);
	});
	return { url, simUrl: `http://127.0.0.1:${env.VTRIX_SIM_PORT}`, process: child, dataDir, logFile };
}

/** Ctrl-C, as a user stops it; the process group is killed if it does not stop within 30 s. */
export async function stopNpmStart(pid: number): Promise<void> {
	const alive = () => {
		try {
			process.kill(-pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	if (!alive()) return;
	process.kill(-pid, 'SIGINT');
	for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
	if (alive()) process.kill(-pid, 'SIGKILL');
}
