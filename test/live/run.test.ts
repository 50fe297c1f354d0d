// npm run test:live itself: skipped without a key; against the local simulator (never the real API here) it runs
// every mode, receives the callbacks, tables the assumptions and never prints the key.
import { spawnSync } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { startSimulator, Simulator } from '../../simulator';

const { main } = require('../../scripts/live/run');
const ROOT = path.join(__dirname, '..', '..');
const KEY = 'live-test-secret-key-42';

async function freePort(): Promise<number> {
	const s = http.createServer();
	await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
	const port = (s.address() as AddressInfo).port;
	await new Promise<void>((r) => s.close(() => r()));
	return port;
}

describe('without VTRIX_API_KEY', () => {
	it('npm run test:live is this script; it prints the skip message and exits 0', () => {
		expect(require('../../package.json').scripts['test:live']).toBe('node scripts/live/run.js');
		const env = { ...process.env };
		delete env.VTRIX_API_KEY;
		const r = spawnSync(process.execPath, ['scripts/live/run.js'], { cwd: ROOT, env, encoding: 'utf8', timeout: 20000 });
		expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'skipped: VTRIX_API_KEY not set\n', stderr: '' });
	});

	it('a malformed setting: exit 2 with the reason', async () => {
		const lines: string[] = [];
		expect(await main({ VTRIX_API_KEY: KEY, VTRIX_LIVE_MODES: 'nope' }, (l: string) => lines.push(l))).toBe(2);
		expect(lines).toEqual(['live test: VTRIX_LIVE_MODES: unknown mode "nope" (modes: img2video, start-end, text2video, reference2video, extend)']);
	});
});

describe('against the simulator', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, apiKey: KEY, taskSeconds: 0.4 });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => sim.reset());

	const envFor = (extra: Record<string, string> = {}) => ({
		VTRIX_API_KEY: KEY,
		VTRIX_BASE_URL: sim.url,
		VTRIX_LIVE_IMAGE_URL: `${sim.url}/images/sample.png`,
		VTRIX_LIVE_VIDEO_URL: `${sim.url}/files/sample.mp4`,
		VTRIX_LIVE_POLL_SECONDS: '0.1',
		...extra,
	});
	/** The result column of the assumption table, by row number. */
	const results = (out: string) =>
		out
			.split('\n')
			.map((l) => /^(\d+)\s+\| .* \| (held|did not hold|not checked)$/.exec(l))
			.filter(Boolean)
			.map((m) => m![2]);

	it('one task per mode, callbacks received: every assumption held (no failed task to check); the key never printed', async () => {
		const port = await freePort();
		const lines: string[] = [];
		const code = await main(envFor({ VTRIX_LIVE_CALLBACK_URL: `http://127.0.0.1:${port}/cb`, VTRIX_LIVE_CALLBACK_PORT: String(port) }), (l: string) => lines.push(l));
		const out = lines.join('\n');
		expect(code).toBe(0);
		expect(results(out)).toEqual(['held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'not checked', 'held', 'held', 'held']);
		expect([...sim.tasks.values()].map((t) => t.model).sort()).toEqual(
			['viduq2_reference2video', 'viduq2_text2video', 'viduq2_turbo_extend', 'viduq2_turbo_img2video', 'viduq2_turbo_start_end2video'],
		);
		expect(sim.callbacks.filter((c) => c.status === 200)).toHaveLength(5);
		expect(out).not.toContain(KEY);
		expect(out).toContain('12. no task failed');
	});

	it('a mode without its input is skipped; a callback URL not received here is "not checked"', async () => {
		const lines: string[] = [];
		const env: Record<string, string> = envFor({ VTRIX_LIVE_MODES: 'text2video,extend', VTRIX_LIVE_CALLBACK_URL: 'http://127.0.0.1:9/cb' });
		delete env.VTRIX_LIVE_VIDEO_URL;
		expect(await main(env, (l: string) => lines.push(l))).toBe(0);
		const out = lines.join('\n');
		expect(out).toContain('extend: skipped, VTRIX_LIVE_VIDEO_URL not set');
		expect(out).toContain('15. sent to VTRIX_LIVE_CALLBACK_URL; set VTRIX_LIVE_CALLBACK_PORT to receive it here');
		expect([...sim.tasks.values()].map((t) => t.model)).toEqual(['viduq2_text2video']);
	});

	it('a gateway that breaks an assumption: exit 1 and the row says what was seen', async () => {
		sim.inject({ method: 'GET', path: '/model/v1/generation/task/task_', status: 500, times: -1 });
		const lines: string[] = [];
		const code = await main(envFor({ VTRIX_LIVE_MODES: 'text2video' }), (l: string) => lines.push(l));
		const out = lines.join('\n');
		expect(code).toBe(1);
		expect(results(out)[2]).toBe('did not hold');
		expect(out).toContain('3. viduq2_text2video: HTTP 500');
		expect(out).not.toContain(KEY);
	});
});
