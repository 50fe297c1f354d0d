import { spawn } from 'child_process';
import * as path from 'path';
import axios from 'axios';

it('the CLI prints one line with the URL, serves, never prints the key, and stops on SIGTERM', async () => {
	const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'simulator', 'cli.js')], {
		env: { ...process.env, VTRIX_SIM_PORT: '0', VTRIX_SIM_API_KEY: 'cli-secret-77', VTRIX_SIM_TASK_SECONDS: '0.1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (c) => (out += c));
	child.stderr.on('data', (c) => (out += c));
	const url = await new Promise<string>((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`no URL line: ${out}`)), 5000);
		child.stdout.on('data', () => {
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) {
				clearTimeout(t);
				resolve(m[1]);
			}
		});
	});
	const c = await axios.post(
		`${url}/model/v1/generation`,
		{ model: 'viduq2_turbo_img2video', images: ['https://example.com/a.png'] },
		{ headers: { Authorization: 'Bearer cli-secret-77' } },
	);
	expect(c.data.status).toBe('pending');
	const bad = await axios.get(`${url}/model/v1/generation/task/${c.data.id}`, { validateStatus: () => true });
	expect(bad.status).toBe(401);
	expect((await axios.get(`${url}/__sim/health`)).data.ok).toBe(true);
	const code = await new Promise<number | null>((resolve) => {
		child.on('exit', (c) => resolve(c));
		child.kill('SIGTERM');
	});
	expect(code).toBe(0);
	expect(out.split('\n').filter((l) => l.includes('listening on'))).toHaveLength(1);
	expect(out).not.toContain('cli-secret-77');
	expect(out).toMatch(/POST \/model\/v1\/generation -> 200/);
});
